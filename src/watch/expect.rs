//! `--expect`: which holders a watched port may have. A value names a program (its kernel
//! name, executable or argv[0]), a systemd unit, or a pid.

use crate::model::Process;

/// The kernel keeps at most this many bytes of a program name (`comm`, TASK_COMM_LEN - 1).
const COMM_LENGTH: usize = 15;

/// The holders a port may have; empty means any.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Expectations {
    values: Vec<String>,
}

impl Expectations {
    pub fn new(values: Vec<String>) -> Expectations {
        Expectations { values }
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    pub fn values(&self) -> &[String] {
        &self.values
    }

    /// Whether some value names this process.
    pub fn allows(&self, process: &Process) -> bool {
        self.values.iter().any(|value| names(value, process))
    }
}

/// Whether `value` names the process: its pid, its program (kernel name, possibly cut to 15
/// bytes, executable file name, or argv[0] file name), or its systemd unit (`nginx` names
/// `nginx.service`).
fn names(value: &str, process: &Process) -> bool {
    if let Ok(pid) = value.parse::<u32>() {
        return process.pid == pid;
    }
    let program_names = process.name == value
        || (process.name.len() == COMM_LENGTH && value.starts_with(process.name.as_str()))
        || process.exe.as_deref().map(file_name) == Some(value)
        || file_name(first_word(&process.cmdline)) == value;
    let unit_names = process
        .systemd_unit
        .as_deref()
        .is_some_and(|unit| unit == value || unit.strip_suffix(".service") == Some(value));
    program_names || unit_names
}

fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

fn first_word(cmdline: &str) -> &str {
    cmdline.split(' ').next().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn process(pid: u32, name: &str, cmdline: &str, unit: Option<&str>) -> Process {
        Process {
            pid,
            ppid: 1,
            name: name.into(),
            cmdline: cmdline.into(),
            user: None,
            uid: Some(0),
            exe: Some(format!("/usr/sbin/{name}")),
            started_at: None,
            start_ticks: None,
            systemd_unit: unit.map(str::to_string),
            systemd_user_unit: false,
            container: None,
            forwarder: None,
            open_fds: None,
            fd_limit: None,
            fd_limit_hard: None,
        }
    }

    fn expect(values: &[&str]) -> Expectations {
        Expectations::new(values.iter().map(|value| value.to_string()).collect())
    }

    #[test]
    fn a_program_is_named_by_kernel_name_executable_or_argv0() {
        let nginx = process(812, "nginx", "nginx: master process", Some("nginx.service"));
        assert!(expect(&["nginx"]).allows(&nginx));
        let python = process(9, "python3", "/usr/bin/uvicorn app:app", None);
        assert!(expect(&["uvicorn"]).allows(&python));
        assert!(expect(&["python3"]).allows(&python));
        assert!(!expect(&["nginx"]).allows(&python));
    }

    #[test]
    fn a_long_program_name_matches_its_cut_kernel_name() {
        let agent = process(5, "security-agent-", "[security-agent-]", None);
        assert!(expect(&["security-agent-daemon"]).allows(&agent));
        assert!(!expect(&["security"]).allows(&agent));
    }

    #[test]
    fn units_match_with_or_without_service_and_pids_match_exactly() {
        let web = process(700, "gunicorn", "gunicorn app", Some("web.service"));
        assert!(expect(&["web"]).allows(&web));
        assert!(expect(&["web.service"]).allows(&web));
        assert!(expect(&["700"]).allows(&web));
        assert!(!expect(&["70"]).allows(&web));
        assert!(!expect(&["db"]).allows(&web));
    }
}
