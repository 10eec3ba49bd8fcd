//! Injected faults: adding, clearing and taking the next one that applies to a call.

use super::*;

impl DemoTenant {
    /// Adds a fault to inject.
    pub fn add_fault(&mut self, f: Fault) {
        self.faults.push(f);
    }

    /// Removes every fault.
    pub fn clear_faults(&mut self) {
        self.faults.clear();
    }

    pub(crate) fn take_fault(&mut self, req: &ApiRequest) -> Option<FaultKind> {
        let idx = self.faults.iter().position(|f| {
            f.method
                .as_deref()
                .is_none_or(|m| m.eq_ignore_ascii_case(req.method.as_str()))
                && f.path_prefix
                    .as_deref()
                    .is_none_or(|p| req.path.starts_with(p))
        })?;
        let f = &mut self.faults[idx];
        if f.skip > 0 {
            f.skip -= 1;
            return None;
        }
        let kind = f.kind.clone();
        if f.times > 0 {
            f.times -= 1;
            if f.times == 0 {
                self.faults.remove(idx);
            }
        }
        Some(kind)
    }
}
