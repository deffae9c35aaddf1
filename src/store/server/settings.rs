//! Where the team server is and who connects, resolved the way libpq does
//! (the `postgres` crate reads none of this itself): the `--db` URL
//! (`postgres://[USER@]HOST[:PORT]/DB[?PARAM=VALUE&...]`), then the service
//! file's entry (`service=NAME` or `PGSERVICE`), then the `PG*` variables,
//! then the defaults (the Debian socket directory, port 5432, the login
//! name as user and database). The password comes from `PGPASSWORD` or the
//! password file (`PGPASSFILE`, else `~/.pgpass`, which must be private to
//! its owner); never from the URL.

use std::path::{Path, PathBuf};

/// How to use TLS (libpq's `sslmode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SslMode {
    Disable,
    /// Try TLS, use the connection without if the server has none.
    Prefer,
    /// TLS, the certificate not checked.
    Require,
    /// TLS, the certificate signed by a trusted authority.
    VerifyCa,
    /// TLS, the certificate signed by a trusted authority, for this host.
    VerifyFull,
}

impl SslMode {
    /// As the URL writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            SslMode::Disable => "disable",
            SslMode::Prefer => "prefer",
            SslMode::Require => "require",
            SslMode::VerifyCa => "verify-ca",
            SslMode::VerifyFull => "verify-full",
        }
    }

    fn parse(s: &str) -> Result<SslMode, String> {
        Ok(match s {
            "disable" => SslMode::Disable,
            "allow" | "prefer" => SslMode::Prefer,
            "require" => SslMode::Require,
            "verify-ca" => SslMode::VerifyCa,
            "verify-full" => SslMode::VerifyFull,
            other => {
                return Err(format!(
                    "sslmode '{other}' is not one of disable, allow, prefer, require, verify-ca, verify-full"
                ))
            }
        })
    }
}

/// Where the server listens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Host {
    Tcp(String),
    /// The directory of the server's unix socket.
    Socket(PathBuf),
}

impl Host {
    fn of(s: &str) -> Host {
        if s.starts_with('/') {
            Host::Socket(PathBuf::from(s))
        } else {
            Host::Tcp(s.to_string())
        }
    }

    /// As the password file names it.
    fn for_passfile(&self) -> String {
        match self {
            Host::Tcp(h) => h.clone(),
            Host::Socket(p) => p.display().to_string(),
        }
    }
}

/// Everything needed to connect.
#[derive(Clone, PartialEq, Eq)]
pub struct Settings {
    pub host: Host,
    pub port: u16,
    pub user: String,
    pub dbname: String,
    pub password: Option<String>,
    pub sslmode: SslMode,
    /// The trusted authorities' certificates (PEM), for verify-ca/-full:
    /// `system` for the system's.
    pub sslrootcert: Option<String>,
    pub connect_timeout_s: u64,
    pub application_name: String,
}

impl std::fmt::Debug for Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Settings")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("user", &self.user)
            .field("dbname", &self.dbname)
            .field("password", &self.password.as_ref().map(|_| "***"))
            .field("sslmode", &self.sslmode)
            .finish()
    }
}

impl Settings {
    /// `user@host:port/db`, for messages.
    pub fn describe(&self) -> String {
        format!(
            "{}@{}:{}/{}",
            self.user,
            self.host.for_passfile(),
            self.port,
            self.dbname
        )
    }
}

/// Why settings could not be resolved: a mistake in what was given (exit
/// 2), or a file that may not be used (exit 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    Invalid { message: String, hint: String },
    Refused { message: String, hint: String },
}

fn invalid(message: impl Into<String>, hint: impl Into<String>) -> Problem {
    Problem::Invalid {
        message: message.into(),
        hint: hint.into(),
    }
}

/// Whether `--db` names a team server rather than a file.
pub fn is_server(db: &str) -> bool {
    db.starts_with("postgres://") || db.starts_with("postgresql://")
}

/// What the process environment holds: variables, the home directory, and
/// files' text and mode.
pub trait Env {
    fn var(&self, name: &str) -> Option<String>;
    fn home(&self) -> Option<PathBuf>;
    /// A file's text and its permission bits, None when there is none.
    fn file(&self, path: &Path) -> Option<(String, u32)>;
}

/// The real environment.
pub struct RealEnv;

impl Env for RealEnv {
    fn var(&self, name: &str) -> Option<String> {
        std::env::var(name).ok().filter(|v| !v.is_empty())
    }

    fn home(&self) -> Option<PathBuf> {
        std::env::var_os("HOME").map(PathBuf::from)
    }

    fn file(&self, path: &Path) -> Option<(String, u32)> {
        let text = std::fs::read_to_string(path).ok()?;
        #[cfg(unix)]
        let mode = {
            use std::os::unix::fs::PermissionsExt;
            std::fs::metadata(path).ok()?.permissions().mode() & 0o777
        };
        #[cfg(not(unix))]
        let mode = 0o600;
        Some((text, mode))
    }
}

/// `%XX` decoded.
fn decode(s: &str) -> Result<String, Problem> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok());
            match hex {
                Some(v) => out.push(v),
                None => {
                    return Err(invalid(
                        format!("'{s}' has a '%' not followed by two hex digits"),
                        "write %2F for a '/' in a socket path",
                    ))
                }
            }
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| invalid(format!("'{s}' is not UTF-8 once decoded"), ""))
}

/// The parameters a URL may carry.
const PARAMS: &[&str] = &[
    "host",
    "port",
    "user",
    "dbname",
    "sslmode",
    "sslrootcert",
    "service",
    "connect_timeout",
    "application_name",
];

/// (key, value) pairs a URL gives, the password refused.
fn parse_url(url: &str) -> Result<Vec<(String, String)>, Problem> {
    let no_password = || {
        invalid(
            "the database URL holds a password",
            "put it in ~/.pgpass (host:port:database:user:password, mode 0600) and leave it out of --db, FTC_DB and the config",
        )
    };
    let rest = url
        .strip_prefix("postgresql://")
        .or_else(|| url.strip_prefix("postgres://"))
        .ok_or_else(|| invalid(format!("'{url}' is not a postgres:// URL"), ""))?;
    let (main, query) = rest.split_once('?').unwrap_or((rest, ""));
    let (authority, path) = main.split_once('/').unwrap_or((main, ""));
    let mut out = Vec::new();
    let hostport = match authority.rsplit_once('@') {
        Some((userinfo, hp)) => {
            if userinfo.contains(':') {
                return Err(no_password());
            }
            if !userinfo.is_empty() {
                out.push(("user".into(), decode(userinfo)?));
            }
            hp
        }
        None => authority,
    };
    if hostport.contains(',') {
        return Err(invalid(
            "a URL with several hosts is not supported",
            "name one host",
        ));
    }
    let (host, port) = if let Some(v6) = hostport.strip_prefix('[') {
        let (h, after) = v6
            .split_once(']')
            .ok_or_else(|| invalid(format!("'{hostport}' opens a '[' it does not close"), ""))?;
        (h.to_string(), after.strip_prefix(':').map(str::to_string))
    } else {
        match hostport.rsplit_once(':') {
            Some((h, p)) => (decode(h)?, Some(p.to_string())),
            None => (decode(hostport)?, None),
        }
    };
    if !host.is_empty() {
        out.push(("host".into(), host));
    }
    if let Some(p) = port.filter(|p| !p.is_empty()) {
        out.push(("port".into(), p));
    }
    if !path.is_empty() {
        out.push(("dbname".into(), decode(path)?));
    }
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let k = decode(k)?;
        if k == "password" {
            return Err(no_password());
        }
        if !PARAMS.contains(&k.as_str()) {
            return Err(invalid(
                format!("the database URL has an unknown parameter '{k}'"),
                format!("known: {}", PARAMS.join(", ")),
            ));
        }
        out.push((k, decode(v)?));
    }
    Ok(out)
}

/// The entry `name` of a service file (`[name]` then `key=value` lines).
fn service_entry(text: &str, name: &str) -> Option<Vec<(String, String)>> {
    let mut inside = false;
    let mut found = None;
    for line in text.lines() {
        let l = line.trim();
        if l.is_empty() || l.starts_with('#') {
            continue;
        }
        if let Some(section) = l.strip_prefix('[').and_then(|s| s.strip_suffix(']')) {
            inside = section.trim() == name;
            if inside {
                found = Some(Vec::new());
            }
            continue;
        }
        if inside {
            if let (Some((k, v)), Some(entry)) = (l.split_once('='), found.as_mut()) {
                let entry: &mut Vec<(String, String)> = entry;
                entry.push((k.trim().to_string(), v.trim().to_string()));
            }
        }
    }
    found
}

/// One field of a password file line (`\:` and `\\` escaped).
fn passfile_fields(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let (Some(n), Some(f)) = (chars.next(), fields.last_mut()) {
                    f.push(n);
                }
            }
            ':' => fields.push(String::new()),
            c => {
                if let Some(f) = fields.last_mut() {
                    f.push(c)
                }
            }
        }
    }
    fields
}

/// The password a password file gives for these settings, if any.
fn passfile_password(text: &str, s: &Settings, default_socket: bool) -> Option<String> {
    let host = s.host.for_passfile();
    let port = s.port.to_string();
    for line in text.lines() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let f = passfile_fields(line);
        if f.len() < 5 {
            continue;
        }
        let host_ok = f[0] == "*" || f[0] == host || (default_socket && f[0] == "localhost");
        if host_ok
            && (f[1] == "*" || f[1] == port)
            && (f[2] == "*" || f[2] == s.dbname)
            && (f[3] == "*" || f[3] == s.user)
        {
            return Some(f[4..].join(":"));
        }
    }
    None
}

/// The socket directory libpq uses on Debian when no host is given.
pub const DEFAULT_SOCKET_DIR: &str = "/var/run/postgresql";

/// Resolve the settings for `url`.
pub fn resolve(url: &str, env: &dyn Env) -> Result<Settings, Problem> {
    let given = parse_url(url)?;
    let get = |key: &str, service: &[(String, String)]| -> Option<String> {
        given
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
            .or_else(|| {
                service
                    .iter()
                    .rev()
                    .find(|(k, _)| k == key)
                    .map(|(_, v)| v.clone())
            })
            .or_else(|| {
                let var = match key {
                    "host" => "PGHOST",
                    "port" => "PGPORT",
                    "user" => "PGUSER",
                    "dbname" => "PGDATABASE",
                    "sslmode" => "PGSSLMODE",
                    "sslrootcert" => "PGSSLROOTCERT",
                    "connect_timeout" => "PGCONNECT_TIMEOUT",
                    "application_name" => "PGAPPNAME",
                    _ => return None,
                };
                env.var(var)
            })
    };
    // The service: named in the URL or by PGSERVICE, found in PGSERVICEFILE
    // or ~/.pg_service.conf, else the system's pg_service.conf.
    let service_name = given
        .iter()
        .find(|(k, _)| k == "service")
        .map(|(_, v)| v.clone())
        .or_else(|| env.var("PGSERVICE"));
    let service = match service_name {
        None => Vec::new(),
        Some(name) => {
            let mut files: Vec<PathBuf> = Vec::new();
            match env.var("PGSERVICEFILE") {
                Some(f) => files.push(PathBuf::from(f)),
                None => {
                    if let Some(h) = env.home() {
                        files.push(h.join(".pg_service.conf"));
                    }
                }
            }
            let sysconf = env
                .var("PGSYSCONFDIR")
                .unwrap_or_else(|| "/etc/postgresql-common".into());
            files.push(Path::new(&sysconf).join("pg_service.conf"));
            let entry = files.iter().find_map(|f| {
                env.file(f)
                    .and_then(|(text, _)| service_entry(&text, &name))
            });
            match entry {
                Some(e) => {
                    if e.iter().any(|(k, _)| k == "password") {
                        return Err(Problem::Refused {
                            message: format!("the service '{name}' holds a password"),
                            hint: "keep passwords in ~/.pgpass (mode 0600), not in the service file".into(),
                        });
                    }
                    e
                }
                None => {
                    return Err(invalid(
                        format!("no service '{name}' in {}", files.iter().map(|f| f.display().to_string()).collect::<Vec<_>>().join(" or ")),
                        "define it there ([name] then host=, port=, dbname=, user= lines), or name the server in --db",
                    ))
                }
            }
        }
    };
    let login = env
        .var("USER")
        .or_else(|| env.var("LOGNAME"))
        .unwrap_or_else(|| "postgres".into());
    let host = match get("host", &service) {
        Some(h) => Host::of(&h),
        None => Host::Socket(PathBuf::from(DEFAULT_SOCKET_DIR)),
    };
    let default_socket = host == Host::Socket(PathBuf::from(DEFAULT_SOCKET_DIR));
    let port = match get("port", &service) {
        Some(p) => p
            .parse::<u16>()
            .map_err(|_| invalid(format!("port '{p}' is not a port number"), "1 to 65535"))?,
        None => 5432,
    };
    let user = get("user", &service).unwrap_or(login);
    let dbname = get("dbname", &service).unwrap_or_else(|| user.clone());
    let sslmode = SslMode::parse(&get("sslmode", &service).unwrap_or_else(|| "prefer".into()))
        .map_err(|e| invalid(e, ""))?;
    let connect_timeout_s = match get("connect_timeout", &service) {
        Some(t) => t.parse::<u64>().map_err(|_| {
            invalid(
                format!("connect_timeout '{t}' is not a number of seconds"),
                "",
            )
        })?,
        None => 10,
    };
    let sslrootcert = get("sslrootcert", &service).or_else(|| {
        let default = env.home()?.join(".postgresql/root.crt");
        env.file(&default).map(|_| default.display().to_string())
    });
    let mut s = Settings {
        host,
        port,
        user,
        dbname,
        password: None,
        sslmode,
        sslrootcert,
        connect_timeout_s: connect_timeout_s.max(1),
        application_name: get("application_name", &service).unwrap_or_else(|| "ftc".into()),
    };
    s.password = match env.var("PGPASSWORD") {
        Some(p) => Some(p),
        None => {
            let file = match env.var("PGPASSFILE") {
                Some(f) => Some(PathBuf::from(f)),
                None => env.home().map(|h| h.join(".pgpass")),
            };
            match file.and_then(|f| env.file(&f).map(|t| (f, t))) {
                None => None,
                Some((f, (text, mode))) => {
                    if mode & 0o077 != 0 {
                        return Err(Problem::Refused {
                            message: format!(
                                "{} may be read by others (mode {mode:04o}): its passwords are not used",
                                f.display()
                            ),
                            hint: format!("chmod 0600 {}", f.display()),
                        });
                    }
                    passfile_password(&text, &s, default_socket)
                }
            }
        }
    };
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[derive(Default)]
    struct Fake {
        vars: HashMap<&'static str, &'static str>,
        files: HashMap<PathBuf, (String, u32)>,
    }

    impl Env for Fake {
        fn var(&self, name: &str) -> Option<String> {
            self.vars.get(name).map(|v| v.to_string())
        }
        fn home(&self) -> Option<PathBuf> {
            Some(PathBuf::from("/home/alice"))
        }
        fn file(&self, path: &Path) -> Option<(String, u32)> {
            self.files.get(path).cloned()
        }
    }

    fn env(vars: &[(&'static str, &'static str)]) -> Fake {
        Fake {
            vars: vars.iter().copied().collect(),
            ..Default::default()
        }
    }

    #[test]
    fn a_url_names_host_port_user_and_database() {
        let s = resolve(
            "postgres://bob@db.example:6543/ftc?sslmode=require",
            &env(&[]),
        )
        .unwrap();
        assert_eq!(s.host, Host::Tcp("db.example".into()));
        assert_eq!(
            (s.port, s.user.as_str(), s.dbname.as_str()),
            (6543, "bob", "ftc")
        );
        assert_eq!(s.sslmode, SslMode::Require);
        let s = resolve("postgresql://%2Ftmp%2Fpg/team", &env(&[("USER", "carol")])).unwrap();
        assert_eq!(s.host, Host::Socket("/tmp/pg".into()));
        assert_eq!(
            (s.user.as_str(), s.dbname.as_str(), s.port),
            ("carol", "team", 5432)
        );
        let s = resolve("postgres:///team?host=/run/pg&port=5433", &env(&[])).unwrap();
        assert_eq!(s.host, Host::Socket("/run/pg".into()));
        assert_eq!(s.port, 5433);
        let s = resolve("postgres://[::1]:5999/x", &env(&[])).unwrap();
        assert_eq!((s.host, s.port), (Host::Tcp("::1".into()), 5999));
    }

    #[test]
    fn the_environment_fills_what_the_url_leaves_out() {
        let e = env(&[
            ("PGHOST", "pg.internal"),
            ("PGPORT", "5444"),
            ("PGUSER", "dave"),
            ("PGDATABASE", "fasttrack"),
            ("PGSSLMODE", "verify-full"),
        ]);
        let s = resolve("postgres://", &e).unwrap();
        assert_eq!(s.host, Host::Tcp("pg.internal".into()));
        assert_eq!(
            (s.port, s.user.as_str(), s.dbname.as_str()),
            (5444, "dave", "fasttrack")
        );
        assert_eq!(s.sslmode, SslMode::VerifyFull);
        // The URL wins.
        let s = resolve("postgres://other/db2", &e).unwrap();
        assert_eq!(
            (s.host, s.dbname.as_str()),
            (Host::Tcp("other".into()), "db2")
        );
        // Defaults: the Debian socket, 5432, the login name, prefer.
        let s = resolve("postgres://", &env(&[("USER", "erin")])).unwrap();
        assert_eq!(s.host, Host::Socket(DEFAULT_SOCKET_DIR.into()));
        assert_eq!(
            (s.port, s.user.as_str(), s.dbname.as_str()),
            (5432, "erin", "erin")
        );
        assert_eq!(s.sslmode, SslMode::Prefer);
    }

    #[test]
    fn a_password_in_the_url_is_refused() {
        for url in [
            "postgres://bob:secret@db/ftc",
            "postgres://db/ftc?password=secret",
        ] {
            match resolve(url, &env(&[])) {
                Err(Problem::Invalid { message, hint }) => {
                    assert!(
                        message.contains("password") && hint.contains("pgpass"),
                        "{message}"
                    )
                }
                other => panic!("{url}: {other:?}"),
            }
        }
        assert!(matches!(
            resolve("postgres://db/ftc?sslmod=require", &env(&[])),
            Err(Problem::Invalid { .. })
        ));
        assert!(matches!(
            resolve("postgres://db:notaport/ftc", &env(&[])),
            Err(Problem::Invalid { .. })
        ));
    }

    #[test]
    fn the_service_file_and_the_password_file() {
        let mut e = env(&[("USER", "alice")]);
        e.files.insert(
            "/home/alice/.pg_service.conf".into(),
            (
                "# team\n[team]\nhost=pg.team\nport=5500\ndbname=ftc\n\n[other]\nhost=x\n".into(),
                0o644,
            ),
        );
        e.files.insert(
            "/home/alice/.pgpass".into(),
            (
                "other:*:*:*:nope\npg.team:5500:ftc:alice:s3cr\\:et\n".into(),
                0o600,
            ),
        );
        let s = resolve("postgres://?service=team", &e).unwrap();
        assert_eq!(s.host, Host::Tcp("pg.team".into()));
        assert_eq!((s.port, s.dbname.as_str()), (5500, "ftc"));
        assert_eq!(s.password.as_deref(), Some("s3cr:et"));
        // PGSERVICE names it too; the URL still wins over the service.
        e.vars.insert("PGSERVICE", "team");
        let s = resolve("postgres:///elsewhere", &e).unwrap();
        assert_eq!(s.dbname, "elsewhere");
        assert_eq!(s.password, None);
        // A password file others may read is refused.
        e.files.get_mut(Path::new("/home/alice/.pgpass")).unwrap().1 = 0o644;
        assert!(matches!(
            resolve("postgres://?service=team", &e),
            Err(Problem::Refused { .. })
        ));
        // An unknown service is said so.
        assert!(matches!(
            resolve("postgres://?service=nope", &e),
            Err(Problem::Invalid { .. })
        ));
    }
}
