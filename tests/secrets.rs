//! No secret from a file full of credentials reaches any output: human (snippets included), JSON,
//! `effective`, `--verbose`.

use std::process::Command;

const SECRETS: [&str; 6] =
    ["Pa55w0rd-truststore", "Pa55w0rd-keystore", "Pa55w0rd-key", "alice-secret-pw", "oauth-client-s3cret", "reg1stry-pw"];

fn fixture() -> String {
    format!(
        "# kafkalint: role=consumer\n\
group.id=payments\n\
ssl.truststore.password={}\n\
ssl.keystore.password={} \n\
ssl.key.password={}\n\
ssl.key.password={}\n\
sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required \\\n    username=\"alice\" \\\n    password=\"{}\";\n\
listener.name.external.sasl.jaas.config=x required clientSecret=\"{}\";\n\
basic.auth.user.info=registry:{}\n\
session.timeout.ms=6000\n",
        SECRETS[0], SECRETS[1], SECRETS[2], SECRETS[2], SECRETS[3], SECRETS[4], SECRETS[5]
    )
}

fn outputs(args: &[&str]) -> String {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("consumer.properties"), fixture()).unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_kafkalint")).current_dir(d.path()).args(args).output().unwrap();
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

#[test]
fn no_secret_in_any_format() {
    let runs: Vec<Vec<&str>> = vec![
        vec!["check", "consumer.properties", "--verbose"],
        vec!["check", "consumer.properties", "--format", "json"],
        vec!["check", "consumer.properties", "--color", "always"],
        vec!["effective", "consumer.properties"],
        vec!["effective", "consumer.properties", "--format", "json"],
    ];
    for args in runs {
        let out = outputs(&args);
        if !args.contains(&"json") || args[0] == "effective" {
            assert!(out.contains("***"), "{args:?} shows masks:\n{out}");
        }
        for s in SECRETS {
            assert!(!out.contains(s), "{args:?} leaks {s}:\n{out}");
        }
        assert!(!out.contains("Pa55w0rd"), "{args:?}");
    }
}

#[test]
fn findings_on_secret_keys_still_show() {
    // The duplicate ssl.key.password and the trailing space on ssl.keystore.password are reported,
    // with the values masked.
    let out = outputs(&["check", "consumer.properties", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out[..out.rfind('}').unwrap() + 1]).unwrap();
    let rules: Vec<&str> = v["diagnostics"].as_array().unwrap().iter().map(|d| d["rule"].as_str().unwrap()).collect();
    assert!(rules.contains(&"schema/duplicate-key"), "{rules:?}");
    assert!(rules.contains(&"syntax/trailing-whitespace"), "{rules:?}");
    let effective = outputs(&["effective", "consumer.properties"]);
    assert!(
        effective.contains("username=\"alice\"") && effective.contains("password=\"***\""),
        "only the credential is masked in JAAS:\n{effective}"
    );
}
