//! Dates as the tenant's attributes and IdentityIQ's `dateTime` hold them: ISO 8601 calendar
//! dates (`2024-05-01`) and date-times (`2024-05-01T09:30:00Z`). Every rule checks the calendar:
//! `2026-02-30`, `2025-02-29` and `2024-04-31` are refused, `2024-02-29` is a date.

/// True for a leap year of the Gregorian calendar.
pub fn is_leap_year(year: u32) -> bool {
    (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
}

/// The number of days in a month (1 to 12) of a year; 0 for a month that is not one.
pub fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// `YYYY-MM-DD` at the start of `s`, checked against the calendar: the year, month and day.
fn calendar_date(s: &str) -> Option<(u32, u32, u32)> {
    let b = s.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let year = number(&s[0..4])?;
    let month = number(&s[5..7])?;
    let day = number(&s[8..10])?;
    (day >= 1 && day <= days_in_month(year, month)).then_some((year, month, day))
}

/// Digits only (no sign, no space), as a number.
fn number(s: &str) -> Option<u32> {
    (!s.is_empty() && s.bytes().all(|c| c.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

/// `HH:MM:SS` with optional fractions, then the zone, after the `T`. `zone_required`: RFC 3339
/// wants one; ISO 8601 allows local time.
fn time_of_day(t: &str, zone_required: bool) -> bool {
    let b = t.as_bytes();
    if b.len() < 8 || b[2] != b':' || b[5] != b':' {
        return false;
    }
    let (Some(h), Some(m), Some(sec)) = (number(&t[0..2]), number(&t[3..5]), number(&t[6..8]))
    else {
        return false;
    };
    // 60: a leap second, which both standards allow.
    if h > 23 || m > 59 || sec > 60 {
        return false;
    }
    let mut rest = &t[8..];
    if let Some(f) = rest.strip_prefix('.') {
        let n = f.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return false;
        }
        rest = &f[n..];
    }
    match rest {
        "" => !zone_required,
        "Z" | "z" => true,
        _ => {
            let z = rest.as_bytes();
            z.len() == 6
                && matches!(z[0], b'+' | b'-')
                && z[3] == b':'
                && number(&rest[1..3]).is_some_and(|h| h <= 23)
                && number(&rest[4..6]).is_some_and(|m| m <= 59)
        }
    }
}

/// True for an ISO 8601 date (`2024-05-01`) or date-time (`2024-05-01T09:30:00Z`; fractions,
/// an offset or local time allowed), on the calendar.
pub fn is_iso_date(s: &str) -> bool {
    if calendar_date(s).is_none() {
        return false;
    }
    match &s[10..] {
        "" => true,
        rest => rest
            .strip_prefix('T')
            .is_some_and(|t| time_of_day(t, false)),
    }
}

/// An RFC 3339 date-time (`2026-12-02T09:30:00Z`, `…+01:00`, fractions allowed), on the calendar.
pub fn is_date_time(s: &str) -> bool {
    calendar_date(s).is_some()
        && s[10..]
            .strip_prefix(['T', 't'])
            .is_some_and(|t| time_of_day(t, true))
}

/// What is wrong with a date a person typed, as a sentence; `None` when it is a date.
pub fn date_problem(s: &str) -> Option<String> {
    if is_iso_date(s) {
        return None;
    }
    let b = s.as_bytes();
    let shaped = b.len() >= 10
        && b[4] == b'-'
        && b[7] == b'-'
        && [0..4, 5..7, 8..10]
            .into_iter()
            .all(|r| number(&s[r]).is_some());
    if shaped {
        let (year, month, day) = (
            number(&s[0..4]).unwrap_or(0),
            number(&s[5..7]).unwrap_or(0),
            number(&s[8..10]).unwrap_or(0),
        );
        if !(1..=12).contains(&month) {
            return Some(format!("{month:02} is not a month (01 to 12)."));
        }
        if day < 1 || day > days_in_month(year, month) {
            return Some(format!(
                "{year:04}-{month:02} has {} days: {day:02} is not one of them.",
                days_in_month(year, month)
            ));
        }
        return Some(
            "After the date, a time is written T09:30:00, then Z or an offset such as +02:00."
                .into(),
        );
    }
    Some(
        "A date is written YYYY-MM-DD (e.g. 2024-05-01), or with a time 2024-05-01T09:30:00Z."
            .into(),
    )
}

/// An ISO 8601 date-time as a person reads it in a table: `2026-12-06 14:22:03` (the zone as
/// the tenant wrote it, UTC for ISC's timestamps); text that is not one, as it is.
pub fn table_time(iso: &str) -> String {
    match (iso.get(0..10), iso.get(11..19)) {
        (Some(d), Some(t)) if is_iso_date(&iso[0..10]) => format!("{d} {t}"),
        _ => iso.to_string(),
    }
}

/// The date (year, month, day) of a count of days since 1970-01-01 (H. Hinnant's
/// `civil_from_days`, proleptic Gregorian).
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}

/// The UTC date-time of milliseconds since 1970-01-01, as ISC writes its timestamps
/// (`2026-12-06T14:22:00.123Z`).
pub fn iso_from_epoch_ms(ms: u64) -> String {
    let (year, month, day) = civil_from_days((ms / 86_400_000) as i64);
    let in_day = ms % 86_400_000;
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        in_day / 3_600_000,
        (in_day / 60_000) % 60,
        (in_day / 1000) % 60,
        in_day % 1000
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
    fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// A date is on the calendar when counting its days and back gives the same date.
    fn on_calendar(y: i64, m: i64, d: i64) -> bool {
        (1..=12).contains(&m)
            && (1..=31).contains(&d)
            && civil_from_days(days_from_civil(y, m, d)) == (y, m, d)
    }

    proptest! {
        #[test]
        fn a_date_is_accepted_exactly_when_the_calendar_has_it(y in 0i64..=9999, m in 0i64..=14, d in 0i64..=33) {
            let s = format!("{y:04}-{m:02}-{d:02}");
            let expected = on_calendar(y, m, d);
            prop_assert_eq!(is_iso_date(&s), expected, "{}", s);
            prop_assert_eq!(is_date_time(&format!("{s}T12:00:00Z")), expected, "{}", s);
            prop_assert_eq!(is_iso_date(&format!("{s}T12:00:00+02:00")), expected, "{}", s);
            prop_assert_eq!(date_problem(&s).is_none(), expected, "{}", s);
        }

        #[test]
        fn a_time_is_accepted_exactly_when_the_clock_has_it(h in 0u32..=30, mi in 0u32..=70, s in 0u32..=70) {
            let t = format!("2024-05-01T{h:02}:{mi:02}:{s:02}Z");
            let expected = h <= 23 && mi <= 59 && s <= 60;
            prop_assert_eq!(is_iso_date(&t), expected, "{}", t);
            prop_assert_eq!(is_date_time(&t), expected, "{}", t);
        }

        #[test]
        fn no_text_makes_the_checks_panic(s in "\\PC{0,40}") {
            let _ = is_iso_date(&s);
            let _ = is_date_time(&s);
            let _ = date_problem(&s);
        }
    }

    #[test]
    fn the_dates_people_get_wrong() {
        for bad in [
            "2026-02-30",
            "2025-02-29",
            "2024-04-31",
            "1900-02-29",
            "2026-13-45",
            "2024-00-10",
            "2024-05-00",
        ] {
            assert!(!is_iso_date(bad), "{bad}");
            assert!(date_problem(bad).is_some(), "{bad}");
        }
        for ok in ["2024-02-29", "2000-02-29", "2026-12-31"] {
            assert!(is_iso_date(ok), "{ok}");
        }
        assert_eq!(
            date_problem("2026-02-30").unwrap(),
            "2026-02 has 28 days: 30 is not one of them."
        );
        assert_eq!(
            date_problem("2026-13-01").unwrap(),
            "13 is not a month (01 to 12)."
        );
        assert!(date_problem("01/05/2024").unwrap().contains("YYYY-MM-DD"));
        assert!(date_problem("2024-05-01 09:30")
            .unwrap()
            .contains("T09:30:00"));
    }

    #[test]
    fn table_times_drop_the_t_and_the_fraction() {
        assert_eq!(
            table_time("2026-12-06T14:22:03.123Z"),
            "2026-12-06 14:22:03"
        );
        assert_eq!(table_time("2026-12-06"), "2026-12-06");
        assert_eq!(table_time("yesterday"), "yesterday");
    }

    #[test]
    fn epoch_milliseconds_read_as_utc_date_times() {
        assert_eq!(iso_from_epoch_ms(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(
            iso_from_epoch_ms(951_782_400_000),
            "2000-02-29T00:00:00.000Z"
        );
        assert_eq!(
            iso_from_epoch_ms(1_796_566_920_123),
            "2026-12-06T14:22:00.123Z"
        );
    }

    proptest! {
        #[test]
        fn every_epoch_time_reads_as_a_valid_date_time(ms in 0u64..253_402_300_799_999) {
            let s = iso_from_epoch_ms(ms);
            prop_assert!(is_date_time(&s), "{}", s);
            let (y, m, d) = (s[0..4].parse().unwrap(), s[5..7].parse().unwrap(), s[8..10].parse().unwrap());
            prop_assert_eq!(days_from_civil(y, m, d), (ms / 86_400_000) as i64);
        }
    }

    #[test]
    fn local_time_is_iso_8601_but_not_rfc_3339() {
        assert!(is_iso_date("2024-05-01T09:30:00"));
        assert!(!is_date_time("2024-05-01T09:30:00"));
        assert!(is_date_time("2024-05-01t09:30:00.5z"));
        assert!(!is_date_time("2024-05-01"));
        assert!(!is_iso_date("2024-05-01T24:00:00Z"));
        assert!(!is_iso_date("2024-05-01T09:30:00+24:00"));
    }
}
