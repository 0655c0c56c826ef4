// A C `main` of its own on Linux with glibc: see `main` below. Not in the test build of this
// file, whose `main` is the test harness's (`cargo test` runs it).
#![cfg_attr(all(target_os = "linux", target_env = "gnu", not(test)), no_main)]

#[cfg(any(not(all(target_os = "linux", target_env = "gnu")), test))]
fn main() {
    std::process::exit(kafkalint::cli::run());
}

// On Linux with glibc the executable has its own C `main` (`no_main`, top of the file) instead of
// the Rust runtime's start-up: that start-up installs a stack overflow handler, and to place the
// main thread's guard page it asks glibc for the stack's bounds, which reads and parses
// `/proc/self/maps` line by line, then maps a signal stack and unmaps it again at exit. That was
// about 0.1 ms of the 1.9 ms a one-file `check` takes (a hello-world: 0.99 -> 0.87 ms), for a
// message on a stack overflow (without it, the process still dies, by SIGSEGV instead of SIGABRT).
// What the start-up does that kafkalint relies on is done here: standard streams that were closed
// are opened on /dev/null, SIGPIPE is ignored (a closed pipe is an error `cli::PipeSafe` takes as
// the end of the output, not a signal that kills the process), a panic ends the process with exit
// code 101. glibc hands the arguments to the standard library itself (`std::env::args`), and
// `process::exit` flushes standard output as before. Elsewhere the ordinary `main` above is used.
#[cfg(all(target_os = "linux", target_env = "gnu", not(test)))]
#[no_mangle]
pub extern "C" fn main(_argc: std::ffi::c_int, _argv: *const *const std::ffi::c_char) -> std::ffi::c_int {
    start::standard_streams();
    start::ignore_sigpipe();
    let code = std::panic::catch_unwind(kafkalint::cli::run).unwrap_or(101);
    std::process::exit(code)
}

/// The two things of the Rust runtime's start-up (library/std/src/sys/pal/unix/mod.rs, `init`)
/// that `main` above does itself, the same way.
#[cfg(all(target_os = "linux", target_env = "gnu", not(test)))]
mod start {
    use std::ffi::{c_char, c_int, c_short, c_ulong};

    #[repr(C)]
    struct PollFd {
        fd: c_int,
        events: c_short,
        revents: c_short,
    }

    extern "C" {
        fn poll(fds: *mut PollFd, nfds: c_ulong, timeout: c_int) -> c_int;
        fn fcntl(fd: c_int, cmd: c_int, ...) -> c_int;
        fn open(path: *const c_char, flags: c_int, ...) -> c_int;
        fn signal(signum: c_int, handler: usize) -> usize;
    }

    const POLLNVAL: c_short = 0x20;
    const O_RDWR: c_int = 2;
    const F_GETFD: c_int = 1;
    const EINTR: i32 = 4;
    const EBADF: i32 = 9;
    const EAGAIN: i32 = 11;
    const ENOMEM: i32 = 12;
    const EINVAL: i32 = 22;
    const SIGPIPE: c_int = 13;
    const SIG_IGN: usize = 1;

    fn errno() -> i32 {
        std::io::Error::last_os_error().raw_os_error().unwrap_or(0)
    }

    fn open_dev_null() {
        // SAFETY: a NUL-terminated path and plain flags.
        if unsafe { open(c"/dev/null".as_ptr(), O_RDWR) } == -1 {
            std::process::abort();
        }
    }

    /// Standard input, output or error closed at start: opened on /dev/null, so a file kafkalint
    /// opens later never takes their descriptor (what the Rust runtime does).
    pub fn standard_streams() {
        let mut fds = [0, 1, 2].map(|fd| PollFd { fd, events: 0, revents: 0 });
        // SAFETY: three initialised `pollfd`s, no waiting.
        while unsafe { poll(fds.as_mut_ptr(), 3, 0) } == -1 {
            match errno() {
                EINTR => continue,
                EINVAL | EAGAIN | ENOMEM => {
                    for fd in 0..3 {
                        // SAFETY: F_GETFD only reads the descriptor's flags.
                        if unsafe { fcntl(fd, F_GETFD) } == -1 && errno() == EBADF {
                            open_dev_null();
                        }
                    }
                    return;
                }
                _ => std::process::abort(),
            }
        }
        for fd in fds {
            if fd.revents & POLLNVAL != 0 {
                open_dev_null();
            }
        }
    }

    /// A write to a closed pipe fails with EPIPE instead of killing the process.
    pub fn ignore_sigpipe() {
        // SAFETY: SIG_IGN for SIGPIPE, as the Rust runtime sets it.
        unsafe { signal(SIGPIPE, SIG_IGN) };
    }
}
