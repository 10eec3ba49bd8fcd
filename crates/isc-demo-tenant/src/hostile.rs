//! Hostile input for tests: XSS payloads the tenant can plant in its own data and error
//! messages, to prove the console renders every one as text.

/// At least fifty payloads of the common shapes.
pub const PAYLOADS: [&str; 52] = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "\"><script>alert(2)</script>",
    "'><img src=x onerror=alert(3)>",
    "<iframe src=\"javascript:alert(4)\"></iframe>",
    "<body onload=alert(5)>",
    "<details open ontoggle=alert(6)>",
    "<a href=\"javascript:alert(7)\">click</a>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(8)>",
    "<input autofocus onfocus=alert(9)>",
    "<video><source onerror=alert(10)></video>",
    "<audio src=x onerror=alert(11)>",
    "<object data=\"javascript:alert(12)\"></object>",
    "<embed src=\"javascript:alert(13)\">",
    "<marquee onstart=alert(14)>x</marquee>",
    "<select autofocus onfocus=alert(15)>",
    "<textarea autofocus onfocus=alert(16)>",
    "<keygen autofocus onfocus=alert(17)>",
    "<div style=\"width:expression(alert(18))\">",
    "<link rel=stylesheet href=\"javascript:alert(19)\">",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(20)\">",
    "<base href=\"javascript:alert(21)//\">",
    "<form action=\"javascript:alert(22)\"><button>x</button></form>",
    "<isindex action=javascript:alert(23) type=image>",
    "<svg><script>alert(24)</script></svg>",
    "<svg><animate onbegin=alert(25) attributeName=x dur=1s>",
    "<img src=\"x\" onerror=\"&#97;lert(26)\">",
    "<img src=x:alert(27) onerror=eval(src)>",
    "<scr<script>ipt>alert(28)</scr</script>ipt>",
    "%3Cscript%3Ealert(29)%3C/script%3E",
    "&lt;script&gt;alert(30)&lt;/script&gt;",
    "<ScRiPt>alert(31)</sCrIpT>",
    "<script src=data:text/javascript,alert(32)></script>",
    "<img srcset=x onerror=alert(33)>",
    "<picture><source srcset=x><img onerror=alert(34)></picture>",
    "<style>@import 'javascript:alert(35)';</style>",
    "<table background=\"javascript:alert(36)\">",
    "<div onmouseover=alert(37)>hover</div>",
    "<button onclick=alert(38)>x</button>",
    "<p onpointerenter=alert(39)>x</p>",
    "\"onmouseover=\"alert(40)",
    "javascript:alert(41)",
    "{{constructor.constructor('alert(42)')()}}",
    "${alert(43)}",
    "</textarea><script>alert(44)</script>",
    "</title><script>alert(45)</script>",
    "<!--<img src=x onerror=alert(46)>-->",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(47)>\">",
    "<template><img src=x onerror=alert(48)></template>",
    "<x contenteditable onblur=alert(49)>x",
    "<svg><a xlink:href=\"javascript:alert(50)\"><text x=20 y=20>x</text></a></svg>",
];

/// Text that spoofs a page rather than scripting it: a right-to-left override, zero-width
/// characters that make two names look the same, a name of spaces only, a name of invisible
/// characters only, and (see [`LONG`]) a very long unbroken value.
pub const SPOOFS: [&str; 5] = [
    "Pay\u{202E}roll SSECCUS",
    "Work\u{200D}day",
    "   ",
    "\u{200B}\u{200D}\u{FEFF}",
    "\u{2067}Grace\u{2069} \u{202D}admin",
];

/// The length of the unbroken value planted by the spoof corpus.
pub const LONG: usize = 10_000;
