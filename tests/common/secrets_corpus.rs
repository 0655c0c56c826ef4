// The credentials corpus: included by tests/secrets.rs (every command) and src/lsp/tests.rs (the
// language server), so both check the same cases.

/// (line of the file, the secret it holds). Every secret is distinctive text found nowhere else.
#[allow(dead_code)]
pub const CORPUS: &[(&str, &str)] = &[
    ("ssl.truststore.password=Zq01truststore", "Zq01truststore"),
    ("ssl.keystore.password=Zq02keystore ", "Zq02keystore"),
    ("ssl.key.password=Zq03key", "Zq03key"),
    ("ssl.key.password=Zq03key", "Zq03key"),
    // JAAS: quoted, spaced `=`, single quotes with a space, other option names.
    (
        "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required \\\n    username=\"alice\" \\\n    password = \"Zq04 Qj4spaced Qk4more\";",
        "Zq04 Qj4spaced Qk4more",
    ),
    ("listener.name.external.sasl.jaas.config=x required clientSecret=\"Zq05client\" pwd=Zq06pwd;", "Zq05client"),
    ("listener.name.ext2.sasl.jaas.config=x required pwd=Zq06pwd;", "Zq06pwd"),
    ("listener.name.internal.sasl.jaas.config=x required passphrase='Zq07 Qq7quoted Qw7words' privateKey=\"Zq08pk\";", "Zq07 Qq7quoted Qw7words"),
    ("listener.name.int2.sasl.jaas.config=x required privateKey=\"Zq08pk\";", "Zq08pk"),
    // The broker's users of PlainLoginModule.
    (
        "listener.name.sasl_plaintext.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username=\"admin\" password=\"Zq09admin\" user_admin=\"Zq09admin\" user_alice=\"Zq10alice\";",
        "Zq10alice",
    ),
    ("basic.auth.user.info=registry:Zq11registry", "Zq11registry"),
    // Misspelled or differently cased keys.
    ("sasl.jaas.confg=x required password=\"Zq12\";", "Zq12"),
    ("sasl.jaas.configs=x required password=\"Zq13\";", "Zq13"),
    ("SASL.JAAS.CONFIG=x required password=\"Zq14\";", "Zq14"),
    ("ssl.keystore.pasword=Zq15", "Zq15"),
    ("ssl.key.passwrd=Zq16", "Zq16"),
    ("ssl.truststore.passwort=Zq17", "Zq17"),
    ("ssl.keystore.passwd=Zq18", "Zq18"),
    ("ssl.key.pass=Zq19", "Zq19"),
    ("basic.auth.userinfo=user:Zq20", "Zq20"),
    ("ssl.key.password\\ =Zq21", "Zq21"),
    ("SSL.KEY.PASSWORD=Zq22", "Zq22"),
    // Credentials by any common naming.
    ("aws.secret.access.key=Zq23", "Zq23"),
    ("s3.secretAccessKey=Zq24", "Zq24"),
    ("api.key=Zq25", "Zq25"),
    ("confluent.cloud.apikey=Zq26", "Zq26"),
    ("private.key=Zq27", "Zq27"),
    ("ssl.private.key=Zq28", "Zq28"),
    ("db.passwd=Zq29", "Zq29"),
    ("db.pwd=Zq30", "Zq30"),
    ("db.pass=Zq31", "Zq31"),
    ("client.secret.value=Zq32", "Zq32"),
    ("oauth.refresh.token.value=Zq33", "Zq33"),
    ("gcp.credentials.json=Zq34", "Zq34"),
    ("registry.user.info=me:Zq35", "Zq35"),
    ("my.vault.secret=Zq36", "Zq36"),
    // Values that are credentials whatever the key.
    ("custom.login=com.example.LoginModule required password=\"Zq37\";", "Zq37"),
    ("connection.url=jdbc:postgresql://dbuser:Zq38@db:5432/x", "Zq38"),
    ("bootstrap.servers=SASL_SSL://svc:Zq39@kafka-1:9093", "Zq39"),
    ("ssl.keystore.key=-----BEGIN PRIVATE KEY-----\\nZq40pem\\n-----END PRIVATE KEY-----", "Zq40pem"),
    ("custom.tls.key=-----BEGIN ENCRYPTED PRIVATE KEY----- Zq41pem -----END ENCRYPTED PRIVATE KEY-----", "Zq41pem"),
    // A JAAS configuration broken over lines without `\\`: each further line is an entry of its
    // own, its key a piece of the value (`"Zq45tail";`), shown in findings about unknown keys.
    ("listener.name.split1.sasl.jaas.config=x required username=\"carol\" password=\n\"Zq45split\";", "Zq45split"),
    ("listener.name.split2.sasl.jaas.config=x required password=\"Zq46head\nZq46tail\";", "Zq46head\nZq46tail"),
    ("listener.name.split3.sasl.jaas.config=x required password=\nZq47bare;", "Zq47bare"),
    ("listener.name.split4.sasl.jaas.config=x required\n  username=\"dave\"\n  password=\"Zq48lines\";", "Zq48lines"),
    // Commented out.
    ("#ssl.key.password=Zq42", "Zq42"),
    ("# sasl.jaas.config=x required username=\"bob\" password=\"Zq43\";", "Zq43"),
    ("!ssl.truststore.password=Zq44", "Zq44"),
];

#[allow(dead_code)]
pub fn fixture() -> String {
    // A fixable line (trailing white space) every few lines puts every line in `--diff` context.
    let mut s = String::from("# kafkalint: role=consumer\ngroup.id=payments\n");
    for (i, (line, _)) in CORPUS.iter().enumerate() {
        s.push_str(line);
        s.push('\n');
        if i % 3 == 2 {
            s.push_str(&format!("client.id=app-{i}  \n"));
        }
    }
    s.push_str("session.timeout.ms=6000\n");
    s
}

/// Every secret, and every word or line of it (a half-masked `'two words'` leaks the second).
#[allow(dead_code)]
pub fn needles() -> Vec<&'static str> {
    let mut v: Vec<&str> = CORPUS.iter().flat_map(|(_, s)| std::iter::once(*s).chain(s.split(char::is_whitespace).filter(|w| w.len() >= 4))).collect();
    v.sort();
    v.dedup();
    v
}
