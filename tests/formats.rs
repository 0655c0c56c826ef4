//! `--format sarif|github|compact`: SARIF validated against the official 2.1.0 schema (on every
//! fixture and the examples) and its fields checked one by one; GitHub workflow commands and
//! compact lines checked exactly, escaping included; no secret in any of them.

mod common;

use common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_kafkalint"));
    c.env_remove("NO_COLOR").env("COLUMNS", "100");
    c
}

fn run_in(dir: &Path, args: &[&str]) -> Output {
    bin().current_dir(dir).args(args).output().unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let p = dir.join(name);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(&p, bytes).unwrap();
    p
}

/// The official schema (`../shared/schemas`, beside the workspace); `None` with a note when absent.
fn sarif_validator() -> Option<jsonschema::Validator> {
    let path = root().join("../shared/schemas/sarif-schema-2.1.0.json");
    let Ok(schema) = std::fs::read_to_string(&path) else {
        eprintln!("note: {} is absent: SARIF output is not validated against the schema", path.display());
        return None;
    };
    let schema: Value = serde_json::from_str(&schema).unwrap();
    Some(jsonschema::draft4::options().should_validate_formats(true).build(&schema).expect("the SARIF schema compiles"))
}

fn assert_valid(v: &jsonschema::Validator, sarif: &Value, what: &str) {
    let errors: Vec<String> = v.iter_errors(sarif).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(errors.is_empty(), "{what}: SARIF does not match the schema:\n{}", errors.join("\n"));
}

#[test]
fn sarif_matches_the_official_schema_on_fixtures_and_examples() {
    let Some(validator) = sarif_validator() else { return };
    let mut results = 0;
    for case in fixture_cases(&root().join("tests/fixtures")) {
        let dir = if case.is_dir() { case.clone() } else { case.parent().unwrap().to_path_buf() };
        let report = lint_inputs(fixture_inputs(&case), &settings_for(&dir, None));
        let sarif = kafkalint::render::sarif::value(&report);
        assert_valid(&validator, &sarif, &case.display().to_string());
        results += sarif["runs"][0]["results"].as_array().unwrap().len();
    }
    assert!(results > 10, "the fixtures produce findings to validate ({results})");
    // The examples, through the command line; absolute paths and odd file names too.
    let o = bin().current_dir(root()).args(["check", "examples", "--format", "sarif"]).output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    let sarif: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_valid(&validator, &sarif, "examples");
    // The validator does reject what the schema forbids.
    let mut bad = sarif.clone();
    bad["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(!validator.is_valid(&bad));
    let mut bad = sarif.clone();
    bad["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0.into();
    assert!(!validator.is_valid(&bad));

    assert!(sarif["runs"][0]["results"].as_array().unwrap().len() >= 5);
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "a b:ç/consumer.properties", "group.id=a\nsession.timeout.ms=10000\nheartbeat.interval.ms=10000 \n");
    let abs = d.path().join("a b:ç/consumer.properties");
    let o = run_in(d.path(), &["check", abs.to_str().unwrap(), "a b:ç", "--format", "sarif", "--isolated"]);
    let sarif: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_valid(&validator, &sarif, "odd paths");
    // Draft 4 has no `uri-reference` format, so the validator does not check URIs: check them here.
    let mut uris = Vec::new();
    collect_uris(&sarif, &mut uris);
    assert!(uris.len() >= 4, "{uris:?}");
    for u in &uris {
        assert!(is_uri_reference(u), "not an RFC 3986 URI reference: {u}");
    }
    assert!(!is_uri_reference("a b") && !is_uri_reference("c:x/y") && !is_uri_reference("100%"));
    let uris: Vec<&str> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str().unwrap())
        .collect();
    assert!(uris.contains(&"a%20b%3A%C3%A7/consumer.properties"), "{uris:?}");
    assert!(uris.iter().any(|u| u.starts_with("file:///") && u.ends_with("/a%20b%3A%C3%A7/consumer.properties")), "{uris:?}");
}

fn collect_uris(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                match x {
                    Value::String(u) if k == "uri" => out.push(u.clone()),
                    _ => collect_uris(x, out),
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|x| collect_uris(x, out)),
        _ => {}
    }
}

/// RFC 3986 `URI-reference`: allowed characters, `%` + two hex digits, and a relative
/// reference whose first segment has no `:` (it would read as a scheme). Stricter than the RFC
/// on one point: a one-letter scheme is refused, as it is a Windows drive that was not encoded.
fn is_uri_reference(u: &str) -> bool {
    let b = u.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'%' {
            if !(i + 2 < b.len() && b[i + 1].is_ascii_hexdigit() && b[i + 2].is_ascii_hexdigit()) {
                return false;
            }
            i += 3;
            continue;
        }
        if !(c.is_ascii_alphanumeric() || b"-._~:/?#[]@!$&'()*+,;=".contains(&c)) {
            return false;
        }
        i += 1;
    }
    let scheme = u.split_once(':').map(|(s, _)| s);
    match scheme {
        Some(s) if !s.contains('/') => {
            s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                && s.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
                && s.len() > 1
        }
        _ => true,
    }
}

#[test]
fn sarif_fields() {
    let d = tempfile::tempdir().unwrap();
    // 😀 is two UTF-16 code units: SARIF columns count them, JSON columns count characters.
    let body = "group.id=a\nclient.id=😀 \nsession.timeout.ms=10000\nheartbeat.interval.ms=10000\n";
    write(d.path(), "conf/consumer.properties", body);
    let run = |dir: &Path| -> Value {
        let o = run_in(dir, &["check", "conf", "--format", "sarif", "--kafka-version", "3.9", "--isolated"]);
        assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
        assert!(o.stderr.is_empty(), "nothing but SARIF: {}", text(&o.stderr));
        serde_json::from_slice(&o.stdout).unwrap()
    };
    let v = run(d.path());
    assert_eq!(v["version"], "2.1.0");
    assert!(v["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
    let r = &v["runs"][0];
    assert_eq!(r["columnKind"], "utf16CodeUnits");
    let driver = &r["tool"]["driver"];
    assert_eq!(driver["name"], "kafkalint");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    match kafkalint::render::sarif::information_uri() {
        Some(uri) => assert_eq!(driver["informationUri"], uri),
        None => assert!(driver.get("informationUri").is_none()),
    }
    // The rules with results (not every rule: a small run stays small), in the registry's
    // order, from their metadata.
    let rules = driver["rules"].as_array().unwrap();
    let used: Vec<&str> = r["results"].as_array().unwrap().iter().map(|x| x["ruleId"].as_str().unwrap()).collect();
    let expected: Vec<_> = kafkalint::rules::RULES.iter().filter(|r| used.contains(&r.meta().id)).collect();
    assert!(!expected.is_empty());
    assert_eq!(rules.len(), expected.len());
    for (sr, rule) in rules.iter().zip(expected) {
        let m = rule.meta();
        assert_eq!(sr["id"], m.id);
        assert_eq!(sr["shortDescription"]["text"], m.summary);
        assert_eq!(sr["help"]["markdown"], m.doc_text());
        assert_eq!(sr["help"]["text"], m.doc_text());
        let level = match m.severity {
            kafkalint::diagnostic::Severity::Error => "error",
            kafkalint::diagnostic::Severity::Warning => "warning",
            kafkalint::diagnostic::Severity::Info => "note",
        };
        assert_eq!(sr["defaultConfiguration"]["level"], level, "{}", m.id);
        let why = m.section("Why it fails in production").unwrap();
        let unwrapped: Vec<String> = why.split("\n\n").map(|p| p.split_whitespace().collect::<Vec<_>>().join(" ")).collect();
        assert_eq!(sr["fullDescription"]["text"].as_str().unwrap(), unwrapped.join("\n\n"), "{}", m.id);
    }
    let hb = rules.iter().find(|r| r["id"] == "consumer/heartbeat-vs-session-timeout").unwrap();
    assert_eq!(hb["name"], "HeartbeatVsSessionTimeout");

    let results = r["results"].as_array().unwrap();
    let by_rule = |id: &str| results.iter().find(|x| x["ruleId"] == id).unwrap_or_else(|| panic!("{id} in {results:?}"));
    for x in results {
        let ix = x["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[ix]["id"], x["ruleId"], "ruleIndex points at the rule");
    }
    // Kafka trims `client.id` (ConfigDef), so its trailing space is information: SARIF `note`.
    let ws = by_rule("syntax/trailing-whitespace");
    assert_eq!(ws["level"], "note");
    let region = &ws["locations"][0]["physicalLocation"]["region"];
    assert_eq!((region["startLine"].as_u64(), region["startColumn"].as_u64()), (Some(2), Some(13)), "{region}");
    assert_eq!((region["endLine"].as_u64(), region["endColumn"].as_u64()), (Some(2), Some(14)), "{region}");
    let hbr = by_rule("consumer/heartbeat-vs-session-timeout");
    assert_eq!(hbr["level"], "error");
    assert!(hbr["message"]["text"].as_str().unwrap().contains("not below"));
    let loc = &hbr["locations"][0]["physicalLocation"];
    assert_eq!(loc["artifactLocation"]["uri"], "conf/consumer.properties");
    assert_eq!(loc["artifactLocation"]["uriBaseId"], "%SRCROOT%");
    assert_eq!(loc["region"], serde_json::json!({"startLine": 4, "startColumn": 23, "endLine": 4, "endColumn": 28}));
    let rel = &hbr["relatedLocations"][0];
    assert_eq!(rel["physicalLocation"]["region"]["startLine"], 3);
    assert!(rel["message"]["text"].as_str().unwrap().contains("session.timeout.ms"));
    let fix = &hbr["fixes"][0];
    assert!(fix["description"]["text"].as_str().unwrap().contains("heartbeat.interval.ms=3333"));
    let change = &fix["artifactChanges"][0];
    assert_eq!(change["artifactLocation"]["uri"], "conf/consumer.properties");
    assert_eq!(
        change["replacements"][0],
        serde_json::json!({"deletedRegion": {"startLine": 4, "startColumn": 23, "endLine": 4, "endColumn": 28}, "insertedContent": {"text": "3333"}})
    );

    // Fingerprints: the same after the lines move.
    let prints = |v: &Value| -> Vec<(String, u64)> {
        let mut p: Vec<(String, u64)> = v["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| {
                (
                    x["partialFingerprints"]["kafkalint/v1"].as_str().unwrap().to_string(),
                    x["locations"][0]["physicalLocation"]["region"]["startLine"].as_u64().unwrap(),
                )
            })
            .collect();
        p.sort();
        p
    };
    let before = prints(&v);
    write(d.path(), "conf/consumer.properties", format!("# moved down\n\n{body}"));
    let after = prints(&run(d.path()));
    assert_eq!(before.len(), after.len());
    for ((fa, la), (fb, lb)) in before.iter().zip(&after) {
        assert_eq!(fa, fb, "a fingerprint does not depend on the line");
        assert_eq!(la + 2, *lb);
    }
    let unique: std::collections::HashSet<&String> = before.iter().map(|(f, _)| f).collect();
    assert_eq!(unique.len(), before.len(), "fingerprints are unique within a run");
}

/// GitHub's escaping, written out independently of the crate's.
fn gh_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

#[test]
fn github_workflow_commands() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "x,y:z/consumer.properties", "group.id=a\nsession.timeout.ms=10000\nheartbeat.interval.ms=10000\nclient.id=c \n");
    // A Kafka key of several roles: the role is undetermined (a notice). A file with no Kafka
    // key at all is not linted.
    write(d.path(), "x,y:z/mystery.properties", "client.id=a\n");
    let args = ["check", ".", "--isolated", "--kafka-version", "3.9"];
    let json = run_in(d.path(), &[&args[..], &["--format", "json"]].concat());
    let v: Value = serde_json::from_slice(&json.stdout).unwrap();
    let o = run_in(d.path(), &[&args[..], &["--format", "github"]].concat());
    assert_eq!(o.status.code(), Some(1));
    let out = text(&o.stdout);
    let lines: Vec<&str> = out.lines().collect();
    let diags = v["diagnostics"].as_array().unwrap();
    assert_eq!(lines.len(), diags.len(), "one command per finding, nothing else:\n{out}");
    assert!(lines.iter().all(|l| l.starts_with("::")), "{out}");
    for (line, dg) in lines.iter().zip(diags) {
        let command = match dg["severity"].as_str().unwrap() {
            "error" => "error",
            "warning" => "warning",
            _ => "notice",
        };
        let file = dg["file"].as_str().unwrap().trim_start_matches("./").replace(',', "%2C").replace(':', "%3A");
        let mut message = dg["message"].as_str().unwrap().to_string();
        if let Some(h) = dg["help"].as_str() {
            message.push_str(&format!("\nhelp: {h}"));
        }
        let expected = format!(
            "::{command} file={file},line={},col={},endLine={},endColumn={},title={}::{}",
            dg["line"],
            dg["column"],
            dg["end_line"],
            dg["end_column"],
            dg["rule"].as_str().unwrap(),
            gh_data(&message)
        );
        assert_eq!(*line, expected);
    }
    assert!(
        out.contains(
            "::error file=x%2Cy%3Az/consumer.properties,line=3,col=23,endLine=3,endColumn=28,title=consumer/heartbeat-vs-session-timeout::"
        ),
        "{out}"
    );
    assert!(out.contains("::notice file=x%2Cy%3Az/consumer.properties,line=4,"), "{out}");
    assert!(out.contains("::notice file=x%2Cy%3Az/mystery.properties,"), "{out}");
    assert!(out.contains("%0Ahelp: "), "help on a second line: {out}");
    assert!(text(&o.stderr).contains("2 files checked against Kafka 3.9"), "the summary goes to stderr: {}", text(&o.stderr));
    // Property and message escaping, as GitHub documents it.
    assert_eq!(kafkalint::render::github::escape_property("a:b,c%d\r\n"), "a%3Ab%2Cc%25d%0D%0A");
    assert_eq!(kafkalint::render::github::escape_data("100% a:b,c\n"), "100%25 a:b,c%0A");
}

#[test]
fn compact_lines() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "conf/consumer.properties", "group.id=a\nsession.timeout.ms=10000\nheartbeat.interval.ms=10000\nclient.id=c \n");
    let args = ["check", "conf", "--isolated", "--kafka-version", "3.9"];
    let json = run_in(d.path(), &[&args[..], &["--format", "json"]].concat());
    let v: Value = serde_json::from_slice(&json.stdout).unwrap();
    let o = run_in(d.path(), &[&args[..], &["--format", "compact"]].concat());
    assert_eq!(o.status.code(), Some(1));
    let expected: String = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|dg| {
            format!(
                "{}:{}:{}: {}[{}] {}\n",
                dg["file"].as_str().unwrap(),
                dg["line"],
                dg["column"],
                dg["severity"].as_str().unwrap(),
                dg["rule"].as_str().unwrap(),
                dg["message"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(text(&o.stdout), expected);
    assert!(
        text(&o.stdout)
            .lines()
            .any(|l| l.starts_with("conf/consumer.properties:3:23: error[consumer/heartbeat-vs-session-timeout] `heartbeat.interval.ms`")),
        "{}",
        text(&o.stdout)
    );
    assert!(text(&o.stderr).contains("1 file checked against Kafka 3.9: 1 error, 0 warnings"), "{}", text(&o.stderr));
}

#[test]
fn no_secret_in_the_new_formats_or_the_diff() {
    let secrets = ["Pa55w0rd-keystore", "alice-secret-pw", "oauth-client-s3cret"];
    let d = tempfile::tempdir().unwrap();
    write(
        d.path(),
        "consumer.properties",
        format!(
            "group.id=payments\nssl.keystore.password={} \nssl.keystore.password={}\nsasl.jaas.config=x required \\\n    username=\"alice\" \\\n    password=\"{}\";\nlistener.name.x.sasl.jaas.config=x required clientSecret=\"{}\"; \n",
            secrets[0], secrets[0], secrets[1], secrets[2]
        ),
    );
    for args in [
        vec!["check", "consumer.properties", "--format", "sarif"],
        vec!["check", "consumer.properties", "--format", "github"],
        vec!["check", "consumer.properties", "--format", "compact"],
        vec!["check", "consumer.properties", "--diff"],
        vec!["check", "consumer.properties", "--diff", "--unsafe-fixes"],
    ] {
        let o = run_in(d.path(), &args);
        let all = format!("{}{}", text(&o.stdout), text(&o.stderr));
        assert!(!o.stdout.is_empty(), "{args:?} printed something");
        for s in secrets {
            assert!(!all.contains(s), "{args:?} leaks {s}:\n{all}");
        }
        assert!(!all.contains("Pa55w0rd"), "{args:?}");
    }
    // The diff shows the changed secret lines masked.
    let o = run_in(d.path(), &["check", "consumer.properties", "--diff"]);
    let out = text(&o.stdout);
    assert!(out.contains("-ssl.keystore.password=***"), "{out}");
    assert!(out.contains("clientSecret=\"***\""), "{out}");
}

/// SARIF of a run of 4,096 files or more, which `check` writes a batch at a time (results kept in
/// a temporary file past 1 MiB, the rules with results written after the last batch): valid
/// against the official schema, and byte for byte the document of the run as one report.
#[test]
fn sarif_of_a_run_in_batches_is_the_one_report_document() {
    use kafkalint::lint::{Input, Settings};
    let d = tempfile::tempdir().unwrap();
    let n = kafkalint::lint::BATCHED_FROM + 104;
    let mut inputs = Vec::new();
    for i in 0..n {
        // The first batches hold consumers only: the broker rules, first in the registry, come
        // later, so the rules' places in the run's list are not those of the first batch.
        let (name, body) = match i % 4 {
            _ if i < 1200 => (
                "consumer",
                format!("bootstrap.servers=localhost:9092\ngroup.id=g{i}\nsession.timeout.ms=3000\nheartbeat.interval.ms=5000\n"),
            ),
            0 => ("server", format!("process.roles=broker,controller\nnode.id={i}\nlisteners=PLAINTEXT://:9092,CONTROLLER://:9093\n")),
            1 => ("producer", format!("bootstrap.servers=localhost:9092\nacks=1\nssl.key.password=s3cr3t{i} \n")),
            _ => ("consumer", format!("bootstrap.servers=localhost:{}\ngroup.id=g{i}\n", 9092 + i % 2)),
        };
        let path = format!("tree/d{:03}/{name}-{i}.properties", i / 40);
        write(d.path(), &path, &body);
        inputs.push(Input { path: path.into(), bytes: body.into_bytes() });
    }
    // The inputs in the order the walk gives them.
    let o = run_in(d.path(), &["check", "tree", "--show-files", "--isolated"]);
    let order: std::collections::HashMap<String, usize> = text(&o.stdout).lines().enumerate().map(|(k, l)| (l.to_string(), k)).collect();
    assert_eq!(order.len(), n);
    inputs.sort_by_key(|i| order[&i.path.display().to_string()]);

    let o = run_in(d.path(), &["check", "tree", "--format", "sarif", "--isolated", "--kafka-version", "3.9"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    let settings = Settings { isolated: true, release: kafkalint::version::Release::parse("3.9").ok(), ..Default::default() };
    let report = lint_inputs(inputs, &settings);
    let expected = serde_json::to_string_pretty(&kafkalint::render::sarif::value(&report)).unwrap() + "\n";
    let got = text(&o.stdout);
    assert!(got.len() > 2 << 20, "past the 1 MiB kept in memory: {}", got.len());
    if got != expected {
        let at = got.bytes().zip(expected.bytes()).position(|(a, b)| a != b).unwrap_or(got.len().min(expected.len()));
        let around = |s: &str| String::from_utf8_lossy(&s.as_bytes()[at.saturating_sub(200)..(at + 200).min(s.len())]).into_owned();
        panic!("differs at byte {at}: {:?} / {:?}", around(&got), around(&expected));
    }
    let sarif: Value = serde_json::from_str(&got).unwrap();
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
    assert!(rules.len() >= 3 && rules[0]["id"].as_str().unwrap().starts_with("broker/"), "{rules:?}");
    if let Some(validator) = sarif_validator() {
        assert_valid(&validator, &sarif, "a run in batches");
    }
}
