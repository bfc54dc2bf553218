//! User names for uids, through the C library so that NSS users (LDAP, sssd) resolve too.

use std::collections::HashMap;
use std::ffi::CStr;
use std::sync::Arc;

/// A cache of uid → name lookups; `None` when the uid has no name.
#[derive(Debug, Default)]
pub struct UserNames {
    cache: HashMap<u32, Option<Arc<str>>>,
}

impl UserNames {
    pub fn name(&mut self, uid: u32) -> Option<Arc<str>> {
        self.cache
            .entry(uid)
            .or_insert_with(|| lookup(uid).map(Arc::from))
            .clone()
    }
}

fn lookup(uid: u32) -> Option<String> {
    let mut buffer = vec![0 as libc::c_char; 4096];
    loop {
        // SAFETY: zeroed `passwd` is a valid out-parameter; `buffer` outlives the call and its
        // length is passed; `result` is only dereferenced when getpwuid_r reports success.
        let mut entry: libc::passwd = unsafe { std::mem::zeroed() };
        let mut result: *mut libc::passwd = std::ptr::null_mut();
        let status = unsafe {
            libc::getpwuid_r(
                uid,
                &mut entry,
                buffer.as_mut_ptr(),
                buffer.len(),
                &mut result,
            )
        };
        if status == libc::ERANGE && buffer.len() < 1 << 20 {
            buffer.resize(buffer.len() * 2, 0);
            continue;
        }
        if status != 0 || result.is_null() || entry.pw_name.is_null() {
            return None;
        }
        // SAFETY: on success pw_name points to a NUL-terminated string inside `buffer`.
        let name = unsafe { CStr::from_ptr(entry.pw_name) };
        return Some(name.to_string_lossy().into_owned());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_has_a_name_and_unused_uids_have_none() {
        let mut names = UserNames::default();
        assert_eq!(names.name(0).as_deref(), Some("root"));
        assert_eq!(names.name(3_999_999_999), None);
    }
}
