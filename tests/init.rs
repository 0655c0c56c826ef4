//! `kafkalint init`: a commented kafkalint.toml that `Config::parse` accepts, with the detected
//! Kafka version and roles; an existing file only gains what it lacks, comments and layout kept.

use kafkalint::config::Config;
use kafkalint::diagnostic::Severity;
use kafkalint::model::Role;
use kafkalint::version::Release;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn run_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kafkalint")).current_dir(dir).args(args).output().unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn write(dir: &Path, name: &str, t: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(&p, t).unwrap();
    p
}

/// A deployment: brokers mid-upgrade (protocol 3.6 and 3.7), a client whose role only its keys
/// say, files named for their role, one with a directive, one nobody can place.
fn deployment(dir: &Path) {
    write(dir, "brokers/server-1.properties", "broker.id=1\nzookeeper.connect=zk:2181\ninter.broker.protocol.version=3.7-IV4\n");
    write(dir, "brokers/server-2.properties", "broker.id=2\nzookeeper.connect=zk:2181\ninter.broker.protocol.version=3.6-IV2\n");
    write(dir, "apps/billing.properties", "group.id=billing\nauto.offset.reset=earliest\n");
    write(dir, "apps/producer.properties", "acks=all\n");
    write(dir, "apps/custom.properties", "# kafkalint: role=admin\nfoo=bar\n");
    write(dir, "misc/notes.properties", "foo=bar\n");
    write(dir, ".hidden/producer.properties", "acks=all\n");
}

fn entry_role(cfg: &Config, dir: &Path, rel: &str) -> Option<Role> {
    cfg.file_entry(&dir.join(rel)).and_then(|e| e.role)
}

#[test]
fn writes_a_config_that_parses_with_version_and_pinned_roles() {
    let d = tempfile::tempdir().unwrap();
    deployment(d.path());
    let o = run_in(d.path(), &["init"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let path = d.path().join("kafkalint.toml");
    let t = std::fs::read_to_string(&path).unwrap();
    let cfg = Config::parse(&path, &t).unwrap_or_else(|e| panic!("{e}\n{t}"));
    // The lowest protocol of the brokers: every broker runs at least that.
    assert_eq!(cfg.kafka_version, Release::named("3.6"), "{t}");
    assert!(t.contains("`inter.broker.protocol.version=3.6-IV2` in brokers/server-2.properties"), "{t}");
    assert_eq!(cfg.fail_on, Some(Severity::Warning));
    // Only the role guessed from keys is pinned; the others are shown, commented.
    assert_eq!(cfg.files.len(), 1, "{t}");
    assert_eq!(entry_role(&cfg, d.path(), "apps/billing.properties"), Some(Role::Consumer));
    assert_eq!(entry_role(&cfg, d.path(), "apps/producer.properties"), None);
    assert!(t.contains("# [[files]]\n# glob = \"apps/producer.properties\"\n# role = \"producer\"\n"), "{t}");
    assert!(t.contains("# glob = \"brokers/server-1.properties\"\n# role = \"broker\"\n"), "{t}");
    assert!(t.contains("# glob = \"apps/custom.properties\"\n# role = \"admin\"\n"), "{t}");
    assert!(t.contains("# glob = \"misc/notes.properties\"\n# role = \"\"\n"), "{t}");
    assert!(!t.contains(".hidden"), "hidden directories are skipped as `check` skips them: {t}");
    assert!(t.contains("# [rules]\n"), "{t}");
    assert!(text(&o.stderr).contains("wrote"), "{}", text(&o.stderr));

    // Every commented example is valid once uncommented.
    let uncommented: String = t
        .lines()
        .filter_map(|l| l.strip_prefix("# ").filter(|r| r.starts_with('[') || r.contains(" = ")))
        .filter(|l| !l.starts_with("[[files]]") && !l.starts_with("glob") && !l.starts_with("role") && !l.starts_with("kafka-version"))
        .collect::<Vec<_>>()
        .join("\n");
    assert!(uncommented.contains("[rules]") && uncommented.contains("[keys]"), "{uncommented}");
    let cfg2 = Config::parse(&path, &uncommented).unwrap_or_else(|e| panic!("{e}\n{uncommented}"));
    assert!(!cfg2.rules.is_empty() && !cfg2.allow_keys.is_empty());

    // check uses it: the pinned file's role now comes from the config.
    let o = run_in(d.path(), &["check", "apps", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let f = v["files"].as_array().unwrap().iter().find(|f| f["path"] == "apps/billing.properties").unwrap();
    assert_eq!(f["role_source"], "config");
    assert_eq!(v["kafka_version"], "3.6");

    // Run again: nothing to add, the file is left byte for byte.
    let o = run_in(d.path(), &["init"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(text(&o.stderr).contains("nothing to do"), "{}", text(&o.stderr));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), t);
}

#[test]
fn without_a_version_hint_the_newest_is_shown_commented() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "consumer.properties", "group.id=a\n");
    let o = run_in(d.path(), &["init", "--dry-run"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert!(!d.path().join("kafkalint.toml").exists(), "--dry-run writes nothing");
    let t = text(&o.stdout);
    assert!(t.contains(&format!("# kafka-version = \"{}\"\n", Release::newest())), "{t}");
    let cfg = Config::parse(Path::new("kafkalint.toml"), &t).unwrap();
    assert_eq!(cfg.kafka_version, None);
    assert!(cfg.files.is_empty());

    // A ZooKeeper broker without a protocol version: at most 3.9, said in a comment.
    write(d.path(), "server.properties", "broker.id=1\nzookeeper.connect=zk:2181\n");
    let o = run_in(d.path(), &["init", "--dry-run"]);
    let t = text(&o.stdout);
    assert!(t.contains("# kafka-version = \"3.9\"\n") && t.contains("ZooKeeper"), "{t}");
    assert_eq!(Config::parse(Path::new("kafkalint.toml"), &t).unwrap().kafka_version, None);

    // Another directory, given as an argument; an empty one too.
    let e = tempfile::tempdir().unwrap();
    let o = run_in(d.path(), &["init", e.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let t = std::fs::read_to_string(e.path().join("kafkalint.toml")).unwrap();
    Config::parse(&e.path().join("kafkalint.toml"), &t).unwrap();
    assert_eq!(run_in(d.path(), &["init", "no/such/dir"]).status.code(), Some(2));
}

#[test]
fn an_existing_config_keeps_its_comments_and_only_gains_what_it_lacks() {
    let d = tempfile::tempdir().unwrap();
    deployment(d.path());
    write(d.path(), "apps/orders.properties", "key.serializer=x\nlinger.ms=5\n");
    let original = "# Our settings -- do not lose this comment.\n\
fail-on = \"error\"   # strict\n\
\n\
[rules]\n\
# Too noisy for us.\n\
syntax = \"off\"\n\
\n\
[[files]]\n\
glob = \"apps/orders.properties\"   # pinned by hand\n\
role = \"producer\"\n\
\n\
[keys]\n\
allow = [\"acme.*\"]\n";
    let path = write(d.path(), "kafkalint.toml", original);
    let before = Config::parse(&path, original).unwrap();

    let o = run_in(d.path(), &["init", "--dry-run"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), original, "--dry-run writes nothing");
    let shown = text(&o.stdout);

    let o = run_in(d.path(), &["init"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let t = std::fs::read_to_string(&path).unwrap();
    assert_eq!(t, shown, "--dry-run showed what is written");
    // Every original line is still there, in order.
    let mut rest = t.lines();
    for line in original.lines() {
        assert!(rest.any(|l| l == line), "`{line}` kept in order:\n{t}");
    }
    let after = Config::parse(&path, &t).unwrap_or_else(|e| panic!("{e}\n{t}"));
    assert_eq!(after.fail_on, before.fail_on);
    assert_eq!(after.rules, before.rules);
    assert_eq!(after.allow_keys, before.allow_keys);
    // Added: the detected version and the key-derived role not yet pinned.
    assert_eq!(after.kafka_version, Release::named("3.6"));
    assert_eq!(entry_role(&after, d.path(), "apps/billing.properties"), Some(Role::Consumer));
    assert_eq!(entry_role(&after, d.path(), "apps/orders.properties"), Some(Role::Producer));
    assert_eq!(after.files.len(), 2, "{t}");
    assert!(text(&o.stderr).contains("apps/billing.properties"), "{}", text(&o.stderr));

    // A user's version is never replaced.
    let pinned = "kafka-version = \"3.9\"\n";
    write(d.path(), "kafkalint.toml", pinned);
    run_in(d.path(), &["init"]);
    let t = std::fs::read_to_string(&path).unwrap();
    assert!(t.starts_with(pinned), "{t}");
    assert_eq!(Config::parse(&path, &t).unwrap().kafka_version, Release::named("3.9"));
}

#[test]
fn an_entry_matching_without_a_role_is_not_shadowed() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "apps/billing.properties", "group.id=billing\n");
    let original = "[[files]]\nglob = \"apps/*.properties\"\nkafka-version = \"3.7\"\n";
    let path = write(d.path(), "kafkalint.toml", original);
    let o = run_in(d.path(), &["init"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    // A new entry would win over this one and drop its kafka-version for the file: say so instead.
    assert_eq!(std::fs::read_to_string(&path).unwrap(), original);
    assert!(text(&o.stderr).contains("add `role = \"consumer\"`"), "{}", text(&o.stderr));
}

#[test]
fn an_invalid_config_is_left_alone() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "consumer.properties", "group.id=a\n");
    let bad = "kafka_version = \"3.9\"\n";
    let path = write(d.path(), "kafkalint.toml", bad);
    let o = run_in(d.path(), &["init"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("did you mean `kafka-version`"), "{}", text(&o.stderr));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), bad);
}

#[test]
fn globs_match_only_their_file() {
    assert_eq!(kafkalint::init::glob_for("a[1]/b*.properties"), "a[[]1[]]/b[*].properties");
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "odd[1]/app*.properties", "group.id=a\n");
    write(d.path(), "odd[1]/app-other.properties", "key.serializer=x\n");
    let o = run_in(d.path(), &["init"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let path = d.path().join("kafkalint.toml");
    let cfg = Config::parse(&path, &std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(entry_role(&cfg, d.path(), "odd[1]/app*.properties"), Some(Role::Consumer));
    assert_eq!(entry_role(&cfg, d.path(), "odd[1]/app-other.properties"), Some(Role::Producer));
}
