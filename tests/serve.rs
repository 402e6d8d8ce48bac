//! `orggap serve` as a process under hostile clients: connections that never finish their
//! headers are closed in time and capped, and a stop signal ends the server within a few
//! seconds whatever a client is in the middle of.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::repo;

/// `orggap serve` on the example roster, its port and token; killed when dropped.
struct Server {
    child: Child,
    port: u16,
    token: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn server() -> Server {
    server_with(&[], None)
}

/// `orggap serve ARGS` on the example roster (with `PATH` set when given), once it printed
/// its address.
fn server_with(args: &[&str], path: Option<String>) -> Server {
    let mut command = Command::new(env!("CARGO_BIN_EXE_orggap"));
    command
        .arg("serve")
        .args(args)
        .arg(repo("data/example-roster.csv"))
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    if let Some(path) = path {
        command.env("PATH", path);
    }
    let mut child = command.spawn().expect("start orggap serve");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("its output"))
        .read_line(&mut line)
        .expect("the address");
    let (address, token) = line.trim().split_once("/?token=").expect("an address");
    assert!(address.starts_with("http://127.0.0.1:"), "{line}");
    let port = address
        .rsplit(':')
        .next()
        .expect("a port")
        .parse()
        .expect("a port");
    Server {
        child,
        port,
        token: token.to_owned(),
    }
}

/// Connections that send half a request's headers and then nothing.
fn half_requests(port: u16, n: usize) -> Vec<TcpStream> {
    (0..n)
        .filter_map(|_| {
            let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
            stream
                .write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1")
                .ok()?;
            Some(stream)
        })
        .collect()
}

/// The status line of `GET /api/check` with the token.
fn status_of_check(server: &Server) -> String {
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", server.port)) else {
        return "no connection".into();
    };
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .expect("a timeout");
    let request = format!(
        "GET /api/check HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nAuthorization: Bearer {}\r\nConnection: close\r\n\r\n",
        server.port, server.token
    );
    let _ = stream.write_all(request.as_bytes());
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    answer.lines().next().unwrap_or("no answer").to_owned()
}

#[cfg(unix)]
#[test]
fn connections_that_never_finish_their_headers_are_closed_in_time() {
    let server = server();
    // More than the cap: the server keeps answering once their headers time out.
    let idle = half_requests(server.port, 300);
    assert!(idle.len() > 256, "{} connections opened", idle.len());
    std::thread::sleep(Duration::from_secs(11));
    assert_eq!(status_of_check(&server), "HTTP/1.1 200 OK");
    // And the server closed them: each reads to its end (or was reset), none still waits.
    let closed = idle
        .into_iter()
        .filter(|mut stream| {
            stream
                .set_read_timeout(Some(Duration::from_millis(200)))
                .expect("a timeout");
            let mut rest = Vec::new();
            match stream.read_to_end(&mut rest) {
                Ok(_) => true,
                Err(e) => e.kind() == std::io::ErrorKind::ConnectionReset,
            }
        })
        .count();
    assert_eq!(closed, 300);
}

/// The signals are listened for before the address is printed: a stop sent the moment it is
/// seen ends the server cleanly (it used to kill it, half started, now and then).
#[cfg(unix)]
#[test]
fn a_stop_signal_as_soon_as_the_address_is_printed_stops_it_cleanly() {
    for _ in 0..8 {
        let mut server = server();
        let killed = Command::new("kill")
            .args(["-TERM", &server.child.id().to_string()])
            .status()
            .expect("kill");
        assert!(killed.success());
        let status = server.child.wait().expect("its status");
        assert!(status.success(), "{status:?}");
    }
}

#[cfg(unix)]
#[test]
fn a_stop_signal_ends_the_server_within_seconds_whatever_clients_do() {
    let mut server = server();
    let _idle = half_requests(server.port, 50);
    let started = Instant::now();
    let killed = Command::new("kill")
        .args(["-TERM", &server.child.id().to_string()])
        .status()
        .expect("kill");
    assert!(killed.success());
    loop {
        if let Some(status) = server.child.try_wait().expect("its status") {
            assert!(status.success(), "{status:?}");
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(8),
            "still running after 8 s"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn a_bind_other_machines_reach_needs_allow_remote() {
    let (code, _, err) = crate::run(&["serve", "data/example-roster.csv", "--bind", "0.0.0.0"]);
    assert_eq!(code, 2);
    assert!(err.contains("add --allow-remote"), "{err}");
}

#[cfg(unix)]
#[test]
fn on_every_address_the_printed_address_works_and_any_host_with_the_port_is_answered() {
    let server = server_with(&["--bind", "0.0.0.0", "--allow-remote"], None);
    let (port, token) = (server.port, server.token.clone());
    assert_eq!(status_of_check(&server), "HTTP/1.1 200 OK");
    // A name other machines might use for this one.
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("a connection");
    let request = format!(
        "GET /api/check HTTP/1.1\r\nHost: workstation.lan:{port}\r\nAuthorization: Bearer {token}\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).expect("sent");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).expect("an answer");
    assert!(answer.starts_with("HTTP/1.1 200 OK"), "{answer}");
}

#[cfg(unix)]
#[test]
fn open_gives_the_browser_a_private_file_not_the_token() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("a folder");
    let record = dir.path().join("opened");
    let opener = dir.path().join("xdg-open");
    std::fs::write(
        &opener,
        format!(
            "#!/bin/sh\ncp \"$1\" '{}.html'\necho \"$@\" > '{}'\n",
            record.display(),
            record.display()
        ),
    )
    .expect("a fake opener");
    std::fs::set_permissions(&opener, std::fs::Permissions::from_mode(0o755)).expect("mode");
    let path = format!(
        "{}:{}",
        dir.path().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let server = server_with(&["--open"], Some(path));
    let token = server.token.clone();
    let started = Instant::now();
    while !record.exists() && started.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(50));
    }
    let argument = std::fs::read_to_string(&record).expect("the opener ran");
    assert!(!argument.contains(&token), "{argument}");
    let opened = std::path::Path::new(argument.trim());
    let mode = std::fs::metadata(opened)
        .expect("the file")
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(mode, 0o600);
    let page = std::fs::read_to_string(format!("{}.html", record.display())).expect("copied");
    assert!(page.contains(&format!("/?token={token}")), "{page}");
}
