//! Project tasks. `cargo run -p xtask -- import [--catalog DIR] [--out DIR] [--check]`:
//! regenerate `knowledge/versions.toml` and `knowledge/keys/<kind>.toml` from the Kafka
//! configuration catalog (see knowledge/README.md).

#[path = "../../src/knowledge/schema.rs"]
mod schema;
#[path = "../../src/knowledge/validators.rs"]
mod validators;

mod catalog;
mod import;
mod librdkafka;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "usage: cargo run -p xtask -- import [--catalog DIR] [--out DIR] [--check] [--quiet]

  import      regenerate knowledge/versions.toml and knowledge/keys/<kind>.toml from the catalog
  --catalog   the Kafka configuration catalog (default: ../shared/kafka-catalog from the workspace root)
  --librdkafka  the librdkafka catalog (default: ../shared/librdkafka-catalog); writes knowledge/clients/librdkafka.toml
  --out       the knowledge directory to write (default: knowledge/ in the workspace root)
  --check     write nothing; exit 1 and name the files that differ when the output is stale
  --quiet     print only problems";

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask lives in the workspace").to_path_buf()
}

struct Args {
    catalog: PathBuf,
    librdkafka: PathBuf,
    out: PathBuf,
    check: bool,
    quiet: bool,
}

fn parse_args(mut it: impl Iterator<Item = String>) -> Result<Args, String> {
    let root = workspace_root();
    let mut args = Args {
        catalog: root.join("..").join("shared").join("kafka-catalog"),
        librdkafka: root.join("..").join("shared").join("librdkafka-catalog"),
        out: root.join("knowledge"),
        check: false,
        quiet: false,
    };
    match it.next().as_deref() {
        Some("import") => {}
        Some("-h" | "--help") | None => return Err(USAGE.to_string()),
        Some(other) => return Err(format!("unknown task `{other}`\n\n{USAGE}")),
    }
    while let Some(a) = it.next() {
        match a.as_str() {
            "--catalog" => args.catalog = it.next().ok_or("--catalog needs a directory")?.into(),
            "--librdkafka" => args.librdkafka = it.next().ok_or("--librdkafka needs a directory")?.into(),
            "--out" => args.out = it.next().ok_or("--out needs a directory")?.into(),
            "--check" => args.check = true,
            "--quiet" | "-q" => args.quiet = true,
            "-h" | "--help" => return Err(USAGE.to_string()),
            other => return Err(format!("unknown argument `{other}`\n\n{USAGE}")),
        }
    }
    Ok(args)
}

fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(a) => a,
        Err(msg) => {
            eprintln!("{msg}");
            return ExitCode::from(2);
        }
    };
    match run(&args) {
        Ok(code) => code,
        Err(msg) => {
            eprintln!("error: {msg}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &Args) -> Result<ExitCode, String> {
    let cat = catalog::Catalog::load(&args.catalog)?;
    let (mut files, kinds, notes) = import::generate(&cat);
    // knowledge/README.md: the counts between the markers are generated too.
    let readme_path = args.out.join("README.md");
    if let Ok(readme) = fs::read_to_string(&readme_path) {
        if let Some(new) = import::replace_counts(&readme, &import::render_counts(&cat, &kinds)) {
            files.insert(PathBuf::from("README.md"), new);
        }
    }
    if args.librdkafka.is_dir() {
        let text = librdkafka::generate(&args.librdkafka)?;
        // Parse it back with the shared schema: what build.rs will read.
        toml_edit::de::from_str::<schema::ClientFile>(&text).map_err(|e| format!("clients/librdkafka.toml does not parse back: {e}"))?;
        files.insert(PathBuf::from("clients/librdkafka.toml"), text);
    }
    let stale = import::stale_files(&args.out, &files);

    if args.check {
        let mut differ: Vec<PathBuf> = Vec::new();
        for (rel, text) in &files {
            if fs::read_to_string(args.out.join(rel)).ok().as_deref() != Some(text.as_str()) {
                differ.push(rel.clone());
            }
        }
        differ.extend(stale.iter().cloned());
        if differ.is_empty() {
            if !args.quiet {
                println!("knowledge is up to date ({} files)", files.len());
            }
            return Ok(ExitCode::SUCCESS);
        }
        eprintln!("knowledge is stale; these files differ from `cargo run -p xtask -- import`:");
        for rel in &differ {
            eprintln!("  {}", args.out.join(rel).display());
        }
        return Ok(ExitCode::FAILURE);
    }

    fs::create_dir_all(args.out.join("keys")).map_err(|e| format!("{}: {e}", args.out.display()))?;
    fs::create_dir_all(args.out.join("clients")).map_err(|e| format!("{}: {e}", args.out.display()))?;
    let mut written = 0;
    for (rel, text) in &files {
        let path = args.out.join(rel);
        if fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
            written += 1;
        }
    }
    for rel in &stale {
        fs::remove_file(args.out.join(rel)).map_err(|e| format!("{}: {e}", rel.display()))?;
    }
    let files_toml: std::collections::BTreeMap<PathBuf, String> = files
        .iter()
        .filter(|(p, _)| p.extension().is_some_and(|x| x == "toml") && !p.starts_with("clients"))
        .map(|(p, t)| (p.clone(), t.clone()))
        .collect();
    let checked = import::verify_dir(&cat, &args.out, &files_toml)?;

    for w in &notes.warnings {
        eprintln!("warning: {w}");
    }
    if !args.quiet {
        println!(
            "wrote {written} of {} files to {} ({} removed); parsed back and checked {checked} key × release-line facts",
            files.len(),
            args.out.display(),
            stale.len()
        );
        let keys: usize = kinds.iter().map(|k| k.keys.len()).sum();
        println!("{} kinds, {keys} keys, {} release lines", kinds.len(), cat.versions.len());
        if notes.unparsed.is_empty() {
            println!("every documented validator text parses");
        } else {
            println!("validator texts that do not parse (keys using them):");
            for ((text, ty), keys) in &notes.unparsed {
                println!("  {:>3}  {text:?} ({ty})", keys.len());
            }
        }
        for (key, vs) in &notes.redacted {
            let vs: Vec<&str> = vs.iter().map(|&v| cat.versions[v].as_str()).collect();
            println!("valid values documented as prose (written as no validator): {key} in {}", vs.join(", "));
        }
        if !notes.default_conflicts.is_empty() {
            println!("documented defaults that the key's own type or validator rejects:");
            for c in &notes.default_conflicts {
                println!("  {c}");
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
