//! `ftc db copy --from A --to B`: a whole ftc database, history included,
//! from a file or a team server to an empty file or server (a solo FM
//! joining a team, or a backup of the server to a file), in one
//! transaction on the target, read from one consistent view of the source,
//! the rows of every table counted on both sides before it commits.

use super::server::{self, settings::Settings};
use crate::error::{refused, Result};
use rusqlite::types::{ToSqlOutput, ValueRef};
use std::io::Write;
use std::path::PathBuf;

/// Every table, parents before the tables that refer to them.
pub const TABLES: [&str; 25] = [
    "meta",
    "customers",
    "tenants",
    "history",
    "contacts",
    "partners",
    "frps",
    "cadence_events",
    "pauses",
    "notes",
    "tasks",
    "dibs",
    "service_status",
    "service_status_rows",
    "assignments",
    "rfas",
    "architects",
    "fta_requests",
    "feedback",
    "feedback_occurrences",
    "name_words",
    "suspects",
    "usage",
    "claims",
    "customer_pins",
];

/// The file's tables that are its own index of others (see the schema's
/// migration 14): not copied, written again from the copied rows.
pub const FILE_INDEXES: [&str; 1] = ["name_keys"];

/// Where a database is.
pub enum Side {
    File(PathBuf),
    Server(Settings),
}

impl Side {
    pub fn describe(&self) -> String {
        match self {
            Side::File(p) => p.display().to_string(),
            Side::Server(s) => format!("postgres://{}", s.describe()),
        }
    }
}

/// One value, as both engines store ftc's columns.
#[derive(Debug, Clone, PartialEq)]
enum V {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
}

impl rusqlite::ToSql for V {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match self {
            V::Null => ToSqlOutput::Borrowed(ValueRef::Null),
            V::Int(i) => ToSqlOutput::Borrowed(ValueRef::Integer(*i)),
            V::Real(r) => ToSqlOutput::Borrowed(ValueRef::Real(*r)),
            V::Text(t) => ToSqlOutput::Borrowed(ValueRef::Text(t.as_bytes())),
        })
    }
}

impl V {
    /// The value in COPY's text format.
    fn copy_text(&self, out: &mut Vec<u8>) {
        match self {
            V::Null => out.extend_from_slice(b"\\N"),
            V::Int(i) => out.extend_from_slice(i.to_string().as_bytes()),
            V::Real(r) => out.extend_from_slice(format!("{r:?}").as_bytes()),
            V::Text(t) => {
                for b in t.bytes() {
                    match b {
                        b'\\' => out.extend_from_slice(b"\\\\"),
                        b'\t' => out.extend_from_slice(b"\\t"),
                        b'\n' => out.extend_from_slice(b"\\n"),
                        b'\r' => out.extend_from_slice(b"\\r"),
                        b => out.push(b),
                    }
                }
            }
        }
    }
}

/// An open side: a SQLite connection or a server client.
enum Open {
    File(rusqlite::Connection),
    Server(postgres::Client),
}

fn pg(e: postgres::Error) -> anyhow::Error {
    server::explain(&e).into()
}

impl Open {
    /// Each table's columns, in the source's order.
    fn columns(&mut self, table: &str) -> Result<Vec<(String, String)>> {
        match self {
            Open::File(c) => {
                let mut st =
                    c.prepare("SELECT name, type FROM pragma_table_info(?1) ORDER BY cid")?;
                let rows = st.query_map([table], |r| Ok((r.get(0)?, r.get(1)?)))?;
                Ok(rows.collect::<rusqlite::Result<_>>()?)
            }
            Open::Server(c) => Ok(c
                .query(
                    "SELECT column_name::text, data_type::text FROM information_schema.columns
                      WHERE table_schema = current_schema() AND table_name = $1
                      ORDER BY ordinal_position",
                    &[&table],
                )
                .map_err(pg)?
                .into_iter()
                .map(|r| (r.get(0), r.get(1)))
                .collect()),
        }
    }

    fn count(&mut self, table: &str) -> Result<i64> {
        let sql = format!("SELECT count(*) FROM {table}");
        match self {
            Open::File(c) => Ok(c.query_row(&sql, [], |r| r.get(0))?),
            Open::Server(c) => Ok(c.query_one(sql.as_str(), &[]).map_err(pg)?.get(0)),
        }
    }

    fn version(&mut self) -> Result<i64> {
        match self {
            Open::File(c) => Ok(c.query_row("PRAGMA user_version", [], |r| r.get(0))?),
            Open::Server(c) => {
                let has_meta: bool = c
                    .query_one(
                        "SELECT EXISTS (SELECT 1 FROM information_schema.tables
                          WHERE table_schema = current_schema() AND table_name = 'meta')",
                        &[],
                    )
                    .map_err(pg)?
                    .get(0);
                if !has_meta {
                    return Ok(0);
                }
                let v: Option<String> = c
                    .query_opt("SELECT value FROM meta WHERE key = 'schema_version'", &[])
                    .map_err(pg)?
                    .map(|r| r.get(0));
                Ok(v.and_then(|v| v.parse().ok()).unwrap_or(0))
            }
        }
    }
}

fn open(side: &Side) -> Result<Open> {
    match side {
        Side::File(p) => Ok(Open::File(rusqlite::Connection::open_with_flags(
            p,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?)),
        Side::Server(s) => Ok(Open::Server(server::connect(s)?)),
    }
}

/// Copy every table of `from` into the empty database `to`; the row counts
/// of each table, equal on both sides.
pub fn copy(from: &Side, to: &Side, version: i64) -> Result<Vec<(&'static str, i64)>> {
    if let Side::File(p) = from {
        if !p.exists() {
            return Err(refused(format!("there is no database {}", p.display())).into());
        }
    }
    let mut src = match from {
        Side::File(p) => Open::File(rusqlite::Connection::open_with_flags(
            p,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?),
        Side::Server(s) => Open::Server(server::connect(s)?),
    };
    let v = src.version()?;
    if v != version {
        return Err(refused(format!(
            "{} has schema version {v}, not this ftc's {version}",
            from.describe()
        ))
        .with_hint(format!(
            "bring it up to date first: `ftc --db {} db init`",
            from.describe()
        ))
        .into());
    }
    // The target: a new file is created with the schema (and removed again
    // when the copy fails); a server must have been set up with `ftc db init`.
    let created = match to {
        Side::File(p) if !p.exists() => {
            super::Store::open(p)?;
            Some(p.clone())
        }
        _ => None,
    };
    let result = copy_into(&mut src, to, version);
    if let (Err(_), Some(p)) = (&result, created) {
        for suffix in ["", "-wal", "-shm"] {
            let mut f = p.clone().into_os_string();
            f.push(suffix);
            let _ = std::fs::remove_file(f);
        }
    }
    result
}

fn copy_into(src: &mut Open, to: &Side, version: i64) -> Result<Vec<(&'static str, i64)>> {
    let mut dst = open(to)?;
    let tv = dst.version()?;
    if tv != version {
        return Err(refused(format!(
            "{} has schema version {tv}, not this ftc's {version}",
            to.describe()
        ))
        .with_hint(format!("run `ftc --db {} db init` first", to.describe()))
        .into());
    }
    // One consistent view of the source.
    match src {
        Open::File(c) => c.execute_batch("BEGIN")?,
        Open::Server(c) => c
            .batch_execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            .map_err(pg)?,
    }
    // The target in one transaction, alone; triggers that would rewrite
    // what is copied (the history's actor, the winner guard) off for it.
    match &mut dst {
        Open::File(c) => c.execute_batch("BEGIN IMMEDIATE")?,
        Open::Server(c) => c
            .batch_execute(
                "BEGIN; SELECT pg_advisory_xact_lock(727274);
                 ALTER TABLE history DISABLE TRIGGER history_actor;
                 ALTER TABLE tenants DISABLE TRIGGER tenants_winner_guard;",
            )
            .map_err(pg)?,
    }
    let result = copy_tables(src, &mut dst, to);
    match (&mut dst, &result) {
        (Open::File(c), Ok(_)) => c.execute_batch("COMMIT")?,
        (Open::Server(c), Ok(_)) => c
            .batch_execute(
                "ALTER TABLE history ENABLE TRIGGER history_actor;
                 ALTER TABLE tenants ENABLE TRIGGER tenants_winner_guard;
                 COMMIT",
            )
            .map_err(pg)?,
        (Open::File(c), Err(_)) => c.execute_batch("ROLLBACK")?,
        (Open::Server(c), Err(_)) => c.batch_execute("ROLLBACK").map_err(pg)?,
    }
    result
}

fn copy_tables(src: &mut Open, dst: &mut Open, to: &Side) -> Result<Vec<(&'static str, i64)>> {
    // Derived or about the database itself: not the target's data.
    let derived = ["meta", "name_words"];
    for t in TABLES {
        if derived.contains(&t) {
            continue;
        }
        let n = dst.count(t)?;
        if n > 0 {
            return Err(refused(format!(
                "{} is not empty: its table {t} has {n} rows",
                to.describe()
            ))
            .with_hint("copy into a new file, or a server database just set up with `ftc db init`")
            .into());
        }
    }
    // The target's facts (a demo's mark) and word counts give way to the
    // source's; its schema version stays.
    let clear = "DELETE FROM meta WHERE key <> 'schema_version'; DELETE FROM name_words;";
    match dst {
        Open::File(c) => c.execute_batch(clear)?,
        Open::Server(c) => c.batch_execute(clear).map_err(pg)?,
    }
    let mut counts = Vec::new();
    for t in TABLES {
        let cols = src.columns(t)?;
        let names: Vec<&str> = cols.iter().map(|(n, _)| n.as_str()).collect();
        let mut theirs: Vec<String> = dst.columns(t)?.into_iter().map(|(n, _)| n).collect();
        let mut ours: Vec<String> = names.iter().map(|n| n.to_string()).collect();
        theirs.sort();
        ours.sort();
        if theirs != ours {
            return Err(anyhow::anyhow!(
                "the table {t} has other columns on the two sides: {ours:?} and {theirs:?}"
            ));
        }
        // The schema version stays the target's own.
        let filter = if t == "meta" {
            " WHERE key <> 'schema_version'"
        } else {
            ""
        };
        let select = format!("SELECT {} FROM {t}{filter}", names.join(", "));
        let mut sink = Sink::new(dst, t, &names)?;
        match src {
            Open::File(c) => {
                let mut st = c.prepare(&select)?;
                let mut rows = st.query([])?;
                while let Some(r) = rows.next()? {
                    let mut row = Vec::with_capacity(names.len());
                    for i in 0..names.len() {
                        row.push(match r.get_ref(i)? {
                            ValueRef::Null => V::Null,
                            ValueRef::Integer(v) => V::Int(v),
                            ValueRef::Real(v) => V::Real(v),
                            ValueRef::Text(b) => V::Text(String::from_utf8_lossy(b).into_owned()),
                            ValueRef::Blob(_) => {
                                return Err(anyhow::anyhow!(
                                    "the table {t} holds a binary value, which ftc never writes"
                                ))
                            }
                        });
                    }
                    sink.put(&row)?;
                }
            }
            Open::Server(c) => {
                let types: Vec<String> = cols.iter().map(|(_, ty)| ty.clone()).collect();
                for r in c.query(select.as_str(), &[]).map_err(pg)? {
                    let mut row = Vec::with_capacity(types.len());
                    for (i, ty) in types.iter().enumerate() {
                        row.push(match ty.as_str() {
                            "bigint" | "integer" | "smallint" => {
                                r.get::<_, Option<i64>>(i).map_or(V::Null, V::Int)
                            }
                            "double precision" | "real" => {
                                r.get::<_, Option<f64>>(i).map_or(V::Null, V::Real)
                            }
                            _ => r.get::<_, Option<String>>(i).map_or(V::Null, V::Text),
                        });
                    }
                    sink.put(&row)?;
                }
            }
        }
        sink.finish()?;
        let (a, b) = (
            src.count(t)? - i64::from(t == "meta" && has_version_row(src)?),
            dst.count(t)? - i64::from(t == "meta" && has_version_row(dst)?),
        );
        if a != b {
            return Err(anyhow::anyhow!(
                "the copy of {t} has {b} rows, the source {a}: nothing was copied"
            ));
        }
        counts.push((t, a));
    }
    // The file's own index of the customers' keys (`FILE_INDEXES`).
    if let Open::File(c) = dst {
        super::customers::rebuild_key_lists(c)?;
    }
    if let Open::Server(c) = dst {
        // Identity columns go on after the largest copied ID.
        for t in TABLES {
            let identity: bool = c
                .query_one(
                    "SELECT EXISTS (SELECT 1 FROM information_schema.columns
                      WHERE table_schema = current_schema() AND table_name = $1
                        AND column_name = 'id' AND is_identity = 'YES')",
                    &[&t],
                )
                .map_err(pg)?
                .get(0);
            if identity {
                c.batch_execute(&format!(
                    "SELECT setval(pg_get_serial_sequence('{t}', 'id'), coalesce(max(id), 0) + 1, false) FROM {t}"
                ))
                .map_err(pg)?;
            }
        }
    }
    Ok(counts)
}

fn has_version_row(o: &mut Open) -> Result<bool> {
    let sql = "SELECT count(*) FROM meta WHERE key = 'schema_version'";
    Ok(match o {
        Open::File(c) => c.query_row(sql, [], |r| r.get::<_, i64>(0))? > 0,
        Open::Server(c) => c.query_one(sql, &[]).map_err(pg)?.get::<_, i64>(0) > 0,
    })
}

/// Where one table's rows go: prepared inserts into a file, COPY into a
/// server.
enum Sink<'a> {
    File(rusqlite::Statement<'a>),
    Server(postgres::CopyInWriter<'a>, Vec<u8>),
}

impl<'a> Sink<'a> {
    fn new(dst: &'a mut Open, table: &str, names: &[&str]) -> Result<Sink<'a>> {
        Ok(match dst {
            Open::File(c) => {
                let marks: Vec<String> = (1..=names.len()).map(|i| format!("?{i}")).collect();
                Sink::File(c.prepare(&format!(
                    "INSERT INTO {table} ({}) VALUES ({})",
                    names.join(", "),
                    marks.join(", ")
                ))?)
            }
            Open::Server(c) => Sink::Server(
                c.copy_in(&format!("COPY {table} ({}) FROM STDIN", names.join(", ")))
                    .map_err(pg)?,
                Vec::with_capacity(1 << 16),
            ),
        })
    }

    fn put(&mut self, row: &[V]) -> Result<()> {
        match self {
            Sink::File(st) => {
                st.execute(rusqlite::params_from_iter(row.iter()))?;
            }
            Sink::Server(w, buf) => {
                for (i, v) in row.iter().enumerate() {
                    if i > 0 {
                        buf.push(b'\t');
                    }
                    v.copy_text(buf);
                }
                buf.push(b'\n');
                if buf.len() > 1 << 16 {
                    w.write_all(buf)?;
                    buf.clear();
                }
            }
        }
        Ok(())
    }

    fn finish(self) -> Result<()> {
        if let Sink::Server(mut w, buf) = self {
            w.write_all(&buf)?;
            w.finish().map_err(pg)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every table of the schema is copied, in an order where a table comes
    /// after those it refers to.
    #[test]
    fn every_table_is_copied_after_its_parents() {
        let store = crate::store::Store::open_in_memory().unwrap();
        let mut tables: Vec<String> = store
            .conn
            .prepare(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
            )
            .unwrap()
            .query_map([], |r| r.get::<_, String>(0))
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        tables.sort();
        let mut ours: Vec<String> = TABLES
            .iter()
            .chain(FILE_INDEXES.iter())
            .map(|t| t.to_string())
            .collect();
        ours.sort();
        assert_eq!(ours, tables);
        for (i, t) in TABLES.iter().enumerate() {
            let parents: Vec<String> = store
                .conn
                .prepare(&format!(
                    "SELECT \"table\" FROM pragma_foreign_key_list('{t}')"
                ))
                .unwrap()
                .query_map([], |r| r.get::<_, String>(0))
                .unwrap()
                .map(|r| r.unwrap())
                .collect();
            for p in parents {
                let at = TABLES.iter().position(|x| *x == p).unwrap();
                assert!(at < i || p == *t, "{t} refers to {p}, copied later");
            }
        }
    }

    #[test]
    fn copy_text_escapes_what_copy_reads_specially() {
        let mut out = Vec::new();
        V::Text("a\tb\\c\nd\re".into()).copy_text(&mut out);
        assert_eq!(out, b"a\\tb\\\\c\\nd\\re");
        out.clear();
        V::Null.copy_text(&mut out);
        assert_eq!(out, b"\\N");
    }
}
