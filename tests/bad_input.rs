//! Bad input gets a clear message naming the file and place, never a panic.

use std::path::Path;
use std::process::{Command, Output};

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kafkalint")).current_dir(dir).args(args).output().unwrap()
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&o.stdout)))
}

fn assert_no_panic(o: &Output) {
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert!(o.status.code().is_some_and(|c| c <= 2), "exit {:?}: {err}", o.status);
}

#[test]
fn binary_file() {
    let d = tempfile::tempdir().unwrap();
    let mut bytes = b"acks=all\n".to_vec();
    bytes.extend_from_slice(&[0x1f, 0x8b, 0x00, 0xff, 0xfe, 0x00]);
    std::fs::write(d.path().join("producer.properties"), bytes).unwrap();
    let o = run(d.path(), &["check", "producer.properties", "--format", "json"]);
    assert_no_panic(&o);
    let v = json(&o);
    assert_eq!(v["diagnostics"][0]["rule"], "syntax/binary-file");
    assert_eq!(v["diagnostics"][0]["line"], 2);
    assert_eq!(o.status.code(), Some(1));
    let o = run(d.path(), &["check", "producer.properties"]);
    assert_no_panic(&o);
    assert!(String::from_utf8_lossy(&o.stdout).contains("producer.properties"));
}

#[test]
fn invalid_utf8_is_read_as_latin1() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("consumer.properties"), b"group.id=caf\xe9\nclient.id=\xff\xfe\n").unwrap();
    let o = run(d.path(), &["check", "consumer.properties", "--format", "json"]);
    assert_no_panic(&o);
    let v = json(&o);
    let d0 = v["diagnostics"].as_array().unwrap().iter().find(|d| d["rule"] == "syntax/latin1-fallback").expect("info");
    assert_eq!(d0["severity"], "info");
    assert_eq!(d0["line"], 1);
    // Human output renders the Latin-1 text too.
    assert_no_panic(&run(d.path(), &["check", "consumer.properties"]));
}

#[test]
fn huge_file_and_huge_line() {
    let d = tempfile::tempdir().unwrap();
    // 50 MB of entries.
    let mut big = String::with_capacity(50 << 20);
    let mut i = 0;
    while big.len() < 50 << 20 {
        big.push_str(&format!("custom.key.{i}=value-{i}\n"));
        i += 1;
    }
    big.push_str("acks=1\nenable.idempotence=true\n");
    std::fs::write(d.path().join("producer.properties"), &big).unwrap();
    let o = run(d.path(), &["check", "producer.properties", "--format", "json"]);
    assert_no_panic(&o);
    let v = json(&o);
    assert!(v["diagnostics"].as_array().unwrap().iter().any(|d| d["rule"] == "producer/idempotence-without-acks-all"));
    // One 1 MB line.
    let line = format!("client.id={}\nacks=1\nenable.idempotence=true\n", "x".repeat(1 << 20));
    std::fs::write(d.path().join("producer.properties"), &line).unwrap();
    let o = run(d.path(), &["check", "producer.properties"]);
    assert_no_panic(&o);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn unterminated_continuation_and_bad_unicode_escape() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("consumer.properties"), "group.id=a\nclient.id=\\u12G4\nbootstrap.servers=a:1,\\").unwrap();
    let o = run(d.path(), &["check", "consumer.properties", "--format", "json"]);
    assert_no_panic(&o);
    let v = json(&o);
    let rules: Vec<&str> = v["diagnostics"].as_array().unwrap().iter().map(|d| d["rule"].as_str().unwrap()).collect();
    assert!(rules.contains(&"syntax/malformed-unicode-escape"), "{rules:?}");
    assert!(rules.contains(&"syntax/continuation-at-eof"), "{rules:?}");
    let esc = v["diagnostics"].as_array().unwrap().iter().find(|d| d["rule"] == "syntax/malformed-unicode-escape").unwrap();
    assert_eq!((esc["line"].as_u64(), esc["column"].as_u64()), (Some(2), Some(11)));
    assert_no_panic(&run(d.path(), &["check", "consumer.properties"]));
}

#[cfg(unix)]
#[test]
fn unreadable_file_and_symlink_loop() {
    use std::os::unix::fs::PermissionsExt;
    let d = tempfile::tempdir().unwrap();
    let conf = d.path().join("conf");
    std::fs::create_dir(&conf).unwrap();
    std::fs::write(conf.join("consumer.properties"), "group.id=a\n").unwrap();
    std::os::unix::fs::symlink(&conf, conf.join("loop")).unwrap();
    std::os::unix::fs::symlink(conf.join("self.properties"), conf.join("self.properties")).ok();
    let o = run(d.path(), &["check", "conf"]);
    assert_no_panic(&o);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("conf/loop") && err.contains("symlink loop"), "{err}");
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stdout).contains("1 file checked"), "the readable file is still linted");

    let locked = d.path().join("locked.properties");
    std::fs::write(&locked, "acks=1\n").unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&locked).is_ok() {
        return; // running as root: permissions do not stop reads
    }
    let o = run(d.path(), &["check", "locked.properties"]);
    assert_no_panic(&o);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("locked.properties: cannot read"));
}
