//! One small connection type for both engines (issue 14): the store's SQL
//! is written once, in the subset SQLite and PostgreSQL both accept, with
//! `?N` placeholders, and run through rusqlite or the `postgres` crate.
//!
//! - `Db` is a borrowed handle, either engine; `args!` builds the
//!   arguments; `Row::get` reads a column as an `i64`, `f64`, `String` or
//!   `bool` (or an `Option` of one), whichever engine it came from.
//! - On the server, `?N` becomes `$N` and each statement is prepared once
//!   per connection; an argument takes the type the server expects of it
//!   (an integer where the statement wants text is written as text, and so
//!   on), as SQLite's dynamic typing would have taken it.
//! - Where the engines' SQL must differ, the caller asks `db.is_server()`;
//!   a store module that is not ported yet takes `&rusqlite::Connection`.

use crate::error::Result;
use postgres::types::{IsNull, ToSql as PgToSql, Type};
use rusqlite::types::{ToSqlOutput, ValueRef};
use std::cell::RefCell;
use std::collections::HashMap;

/// A team server's connection with its prepared statements.
pub struct Server {
    client: RefCell<postgres::Client>,
    statements: RefCell<HashMap<String, postgres::Statement>>,
    /// Whether this login may read contacts' names and e-mails (asked
    /// once): a viewer may not.
    personal: std::cell::Cell<Option<bool>>,
}

impl Server {
    pub fn new(client: postgres::Client) -> Server {
        Server {
            client: RefCell::new(client),
            statements: RefCell::new(HashMap::new()),
            personal: std::cell::Cell::new(None),
        }
    }

    fn statement(&self, sql: &str) -> Result<postgres::Statement> {
        if let Some(s) = self.statements.borrow().get(sql) {
            return Ok(s.clone());
        }
        let st = self
            .client
            .borrow_mut()
            .prepare(&placeholders(sql))
            .map_err(pg)?;
        self.statements
            .borrow_mut()
            .insert(sql.to_string(), st.clone());
        Ok(st)
    }

    /// Whether this login may read personal data (contacts' names and
    /// e-mails), as the server's grants say.
    pub fn personal(&self) -> bool {
        if let Some(p) = self.personal.get() {
            return p;
        }
        let p = self
            .client
            .borrow_mut()
            .query_one(
                "SELECT has_column_privilege('contacts', 'email', 'SELECT')",
                &[],
            )
            .map(|r| r.get::<_, bool>(0))
            .unwrap_or(true);
        self.personal.set(Some(p));
        p
    }

    /// Run statements without arguments (transaction control, set-up).
    pub fn batch(&self, sql: &str) -> Result<()> {
        self.client.borrow_mut().batch_execute(sql).map_err(pg)
    }

    /// `COPY table (columns) FROM STDIN` with what `fill` writes, in
    /// COPY's text format (see `CopyText`); how many rows were copied. The
    /// bulk way into the server: one stream instead of a round trip a row.
    pub fn copy_in(
        &self,
        table: &str,
        columns: &str,
        fill: impl FnOnce(&mut CopyText<'_>) -> Result<()>,
    ) -> Result<u64> {
        let mut client = self.client.borrow_mut();
        let writer = client
            .copy_in(&format!("COPY {table} ({columns}) FROM STDIN"))
            .map_err(pg)?;
        let mut text = CopyText {
            writer,
            buf: Vec::with_capacity(COPY_CHUNK + 4096),
            first: true,
        };
        fill(&mut text)?;
        text.flush()?;
        text.writer.finish().map_err(pg)
    }
}

/// Bytes sent to the server at a time during a COPY.
const COPY_CHUNK: usize = 1 << 16;

/// Rows in COPY's text format: fields separated by tabs, `\N` for NULL,
/// backslash, tab, newline and carriage return escaped.
pub struct CopyText<'a> {
    writer: postgres::CopyInWriter<'a>,
    buf: Vec<u8>,
    first: bool,
}

impl CopyText<'_> {
    /// A text field (`None`: NULL).
    pub fn text(&mut self, v: Option<&str>) -> &mut Self {
        self.sep();
        match v {
            None => self.buf.extend_from_slice(b"\\N"),
            Some(s) => {
                for b in s.bytes() {
                    match b {
                        b'\\' => self.buf.extend_from_slice(b"\\\\"),
                        b'\t' => self.buf.extend_from_slice(b"\\t"),
                        b'\n' => self.buf.extend_from_slice(b"\\n"),
                        b'\r' => self.buf.extend_from_slice(b"\\r"),
                        b => self.buf.push(b),
                    }
                }
            }
        }
        self
    }

    /// A number field (`None`: NULL).
    pub fn int(&mut self, v: Option<i64>) -> &mut Self {
        self.sep();
        match v {
            None => self.buf.extend_from_slice(b"\\N"),
            Some(n) => self.buf.extend_from_slice(n.to_string().as_bytes()),
        }
        self
    }

    /// End the row.
    pub fn end(&mut self) -> Result<()> {
        self.buf.push(b'\n');
        self.first = true;
        if self.buf.len() >= COPY_CHUNK {
            self.flush()?;
        }
        Ok(())
    }

    fn sep(&mut self) {
        if !self.first {
            self.buf.push(b'\t');
        }
        self.first = false;
    }

    fn flush(&mut self) -> Result<()> {
        use std::io::Write as _;
        if !self.buf.is_empty() {
            self.writer.write_all(&self.buf).map_err(|e| {
                anyhow::anyhow!("the team server stopped taking the copied rows: {e}")
            })?;
            self.buf.clear();
        }
        Ok(())
    }
}

fn pg(e: postgres::Error) -> anyhow::Error {
    super::server::explain(&e).into()
}

/// A statement as the server takes it: `?N` as `$N` (outside quoted
/// text), and `X = ?N COLLATE NOCASE` (an index-friendly case-blind match
/// in SQLite) as `lower(X) = lower($N)` (the server's expression indexes).
pub fn placeholders(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut quoted = false;
    // A bare `?` takes the next number, as SQLite numbers it.
    let mut next = 0u32;
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                quoted = !quoted;
                out.push(c);
            }
            '?' if !quoted => {
                out.push('$');
                if chars.peek().is_some_and(|d| d.is_ascii_digit()) {
                    let mut n = 0u32;
                    while let Some(d) = chars.peek().and_then(|d| d.to_digit(10)) {
                        n = n * 10 + d;
                        out.push(chars.next().unwrap_or('0'));
                    }
                    next = next.max(n);
                } else {
                    next += 1;
                    out.push_str(&next.to_string());
                }
            }
            c => out.push(c),
        }
    }
    nocase(&out)
}

fn nocase(sql: &str) -> String {
    const MARK: &str = " COLLATE NOCASE";
    let mut out = String::with_capacity(sql.len());
    let mut rest = sql;
    while let Some(i) = rest.find(MARK) {
        let before = &rest[..i];
        // `IDENT = $N` just before the mark.
        let param_start = before
            .rfind('$')
            .filter(|&p| before[p + 1..].chars().all(|c| c.is_ascii_digit()));
        let rewritten = param_start.and_then(|p| {
            let lhs = before[..p].trim_end().strip_suffix('=')?.trim_end();
            let ident_start = lhs
                .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
                .map_or(0, |k| k + 1);
            let ident = &lhs[ident_start..];
            (!ident.is_empty()).then(|| {
                format!(
                    "{}lower({ident}) = lower({})",
                    &lhs[..ident_start],
                    &before[p..]
                )
            })
        });
        match rewritten {
            Some(r) => out.push_str(&r),
            None => {
                out.push_str(before);
                out.push_str(MARK);
            }
        }
        rest = &rest[i + MARK.len()..];
    }
    out.push_str(rest);
    out
}

/// Either engine.
#[derive(Clone, Copy)]
pub enum Db<'a> {
    Sqlite(&'a rusqlite::Connection),
    Server(&'a Server),
}

impl<'a> From<&'a rusqlite::Connection> for Db<'a> {
    fn from(c: &'a rusqlite::Connection) -> Db<'a> {
        Db::Sqlite(c)
    }
}

impl<'a> From<&'a rusqlite::Transaction<'_>> for Db<'a> {
    fn from(c: &'a rusqlite::Transaction<'_>) -> Db<'a> {
        Db::Sqlite(c)
    }
}

impl<'a> From<&'a Server> for Db<'a> {
    fn from(s: &'a Server) -> Db<'a> {
        Db::Server(s)
    }
}

/// One argument's value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'v> {
    Null,
    Int(i64),
    Real(f64),
    Text(&'v str),
    Owned(String),
}

/// What can be an argument.
pub trait Arg {
    fn value(&self) -> Value<'_>;
}

impl Arg for i64 {
    fn value(&self) -> Value<'_> {
        Value::Int(*self)
    }
}
impl Arg for i32 {
    fn value(&self) -> Value<'_> {
        Value::Int(i64::from(*self))
    }
}
impl Arg for u32 {
    fn value(&self) -> Value<'_> {
        Value::Int(i64::from(*self))
    }
}
impl Arg for bool {
    fn value(&self) -> Value<'_> {
        Value::Int(i64::from(*self))
    }
}
impl Arg for f64 {
    fn value(&self) -> Value<'_> {
        Value::Real(*self)
    }
}
impl Arg for str {
    fn value(&self) -> Value<'_> {
        Value::Text(self)
    }
}
impl Arg for String {
    fn value(&self) -> Value<'_> {
        Value::Text(self)
    }
}
impl Arg for chrono::NaiveDate {
    fn value(&self) -> Value<'_> {
        Value::Owned(self.format("%Y-%m-%d").to_string())
    }
}
impl<T: Arg + ?Sized> Arg for &T {
    fn value(&self) -> Value<'_> {
        (**self).value()
    }
}
impl<T: Arg> Arg for Option<T> {
    fn value(&self) -> Value<'_> {
        match self {
            Some(v) => v.value(),
            None => Value::Null,
        }
    }
}

/// The arguments of a statement: `args![id, name]`.
#[macro_export]
macro_rules! args {
    ($($x:expr),* $(,)?) => {
        &[$(&$x as &dyn $crate::store::sql::Arg),*] as &[&dyn $crate::store::sql::Arg]
    };
}

/// An argument as rusqlite binds it (no copy).
struct Lite<'v>(Value<'v>);

impl rusqlite::ToSql for Lite<'_> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Borrowed(match &self.0 {
            Value::Null => ValueRef::Null,
            Value::Int(i) => ValueRef::Integer(*i),
            Value::Real(r) => ValueRef::Real(*r),
            Value::Text(t) => ValueRef::Text(t.as_bytes()),
            Value::Owned(t) => ValueRef::Text(t.as_bytes()),
        }))
    }
}

/// An argument as the server wants it: the type its statement expects.
#[derive(Debug)]
struct Pg<'v>(Value<'v>);

impl PgToSql for Pg<'_> {
    fn to_sql(&self, ty: &Type, out: &mut bytes_buf::BytesMut) -> ToSqlResult {
        match &self.0 {
            Value::Null => Ok(IsNull::Yes),
            Value::Int(i) => match *ty {
                Type::INT8 => i.to_sql(ty, out),
                Type::INT4 => i32::try_from(*i)?.to_sql(ty, out),
                Type::INT2 => i16::try_from(*i)?.to_sql(ty, out),
                Type::FLOAT8 => (*i as f64).to_sql(ty, out),
                Type::BOOL => (*i != 0).to_sql(ty, out),
                _ => i.to_string().to_sql(ty, out),
            },
            Value::Real(r) => match *ty {
                Type::FLOAT8 => r.to_sql(ty, out),
                Type::FLOAT4 => (*r as f32).to_sql(ty, out),
                _ => r.to_string().to_sql(ty, out),
            },
            Value::Text(t) => text_to_sql(t, ty, out),
            Value::Owned(t) => text_to_sql(t, ty, out),
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    postgres::types::to_sql_checked!();
}

type ToSqlResult = std::result::Result<IsNull, Box<dyn std::error::Error + Sync + Send>>;

/// Text where the server may expect a number (SQLite would convert it).
fn text_to_sql(s: &str, ty: &Type, out: &mut bytes_buf::BytesMut) -> ToSqlResult {
    match *ty {
        Type::INT8 => s.parse::<i64>()?.to_sql(ty, out),
        Type::INT4 => s.parse::<i32>()?.to_sql(ty, out),
        Type::FLOAT8 => s.parse::<f64>()?.to_sql(ty, out),
        Type::BOOL => (s != "0").to_sql(ty, out),
        _ => s.to_sql(ty, out),
    }
}

mod bytes_buf {
    pub use postgres::types::private::BytesMut;
}

/// A row of either engine.
pub enum Row<'r> {
    Sqlite(&'r rusqlite::Row<'r>),
    Server(&'r postgres::Row),
}

/// What a column can be read as.
pub trait Col: Sized {
    fn from_lite(v: ValueRef<'_>) -> std::result::Result<Self, String>;
    fn from_pg(row: &postgres::Row, i: usize) -> std::result::Result<Self, String>;
}

/// A server column as a value of either engine's kinds.
fn pg_value(row: &postgres::Row, i: usize) -> std::result::Result<Option<PgCell>, String> {
    let ty = row.columns()[i].type_().clone();
    let e = |e: postgres::Error| e.to_string();
    Ok(match ty {
        Type::INT8 => row
            .try_get::<_, Option<i64>>(i)
            .map_err(e)?
            .map(PgCell::Int),
        Type::INT4 => row
            .try_get::<_, Option<i32>>(i)
            .map_err(e)?
            .map(|v| PgCell::Int(i64::from(v))),
        Type::INT2 => row
            .try_get::<_, Option<i16>>(i)
            .map_err(e)?
            .map(|v| PgCell::Int(i64::from(v))),
        Type::BOOL => row
            .try_get::<_, Option<bool>>(i)
            .map_err(e)?
            .map(|v| PgCell::Int(i64::from(v))),
        Type::FLOAT8 => row
            .try_get::<_, Option<f64>>(i)
            .map_err(e)?
            .map(PgCell::Real),
        Type::FLOAT4 => row
            .try_get::<_, Option<f32>>(i)
            .map_err(e)?
            .map(|v| PgCell::Real(f64::from(v))),
        _ => row
            .try_get::<_, Option<String>>(i)
            .map_err(e)?
            .map(PgCell::Text),
    })
}

enum PgCell {
    Int(i64),
    Real(f64),
    Text(String),
}

impl Col for i64 {
    fn from_lite(v: ValueRef<'_>) -> std::result::Result<Self, String> {
        match v {
            ValueRef::Integer(i) => Ok(i),
            other => Err(format!(
                "an integer was expected, not {:?}",
                other.data_type()
            )),
        }
    }
    fn from_pg(row: &postgres::Row, i: usize) -> std::result::Result<Self, String> {
        match pg_value(row, i)? {
            Some(PgCell::Int(v)) => Ok(v),
            _ => Err("an integer was expected".into()),
        }
    }
}

impl Col for f64 {
    fn from_lite(v: ValueRef<'_>) -> std::result::Result<Self, String> {
        match v {
            ValueRef::Real(r) => Ok(r),
            ValueRef::Integer(i) => Ok(i as f64),
            other => Err(format!(
                "a number was expected, not {:?}",
                other.data_type()
            )),
        }
    }
    fn from_pg(row: &postgres::Row, i: usize) -> std::result::Result<Self, String> {
        match pg_value(row, i)? {
            Some(PgCell::Real(v)) => Ok(v),
            Some(PgCell::Int(v)) => Ok(v as f64),
            _ => Err("a number was expected".into()),
        }
    }
}

impl Col for bool {
    fn from_lite(v: ValueRef<'_>) -> std::result::Result<Self, String> {
        i64::from_lite(v).map(|i| i != 0)
    }
    fn from_pg(row: &postgres::Row, i: usize) -> std::result::Result<Self, String> {
        i64::from_pg(row, i).map(|i| i != 0)
    }
}

impl Col for String {
    fn from_lite(v: ValueRef<'_>) -> std::result::Result<Self, String> {
        match v {
            ValueRef::Text(t) => String::from_utf8(t.to_vec()).map_err(|e| e.to_string()),
            other => Err(format!("text was expected, not {:?}", other.data_type())),
        }
    }
    fn from_pg(row: &postgres::Row, i: usize) -> std::result::Result<Self, String> {
        match pg_value(row, i)? {
            Some(PgCell::Text(v)) => Ok(v),
            _ => Err("text was expected".into()),
        }
    }
}

impl Col for u32 {
    fn from_lite(v: ValueRef<'_>) -> std::result::Result<Self, String> {
        u32::try_from(i64::from_lite(v)?).map_err(|e| e.to_string())
    }
    fn from_pg(row: &postgres::Row, i: usize) -> std::result::Result<Self, String> {
        u32::try_from(i64::from_pg(row, i)?).map_err(|e| e.to_string())
    }
}

/// A day, stored as `YYYY-MM-DD` text by both engines (read without a
/// copy from SQLite: the agenda reads thousands).
impl Col for chrono::NaiveDate {
    fn from_lite(v: ValueRef<'_>) -> std::result::Result<Self, String> {
        match v {
            ValueRef::Text(b) => {
                let t = std::str::from_utf8(b).map_err(|e| e.to_string())?;
                crate::domain::values::stored_date(t).map_err(|e| format!("'{t}': {e}"))
            }
            other => Err(format!("a date was expected, not {:?}", other.data_type())),
        }
    }
    fn from_pg(row: &postgres::Row, i: usize) -> std::result::Result<Self, String> {
        let t = String::from_pg(row, i)?;
        crate::domain::values::stored_date(&t).map_err(|e| format!("'{t}': {e}"))
    }
}

impl<T: Col> Col for Option<T> {
    fn from_lite(v: ValueRef<'_>) -> std::result::Result<Self, String> {
        match v {
            ValueRef::Null => Ok(None),
            v => T::from_lite(v).map(Some),
        }
    }
    fn from_pg(row: &postgres::Row, i: usize) -> std::result::Result<Self, String> {
        if pg_value(row, i)?.is_none() {
            return Ok(None);
        }
        T::from_pg(row, i).map(Some)
    }
}

impl Row<'_> {
    /// Column `i`, read as `T`.
    pub fn get<T: Col>(&self, i: usize) -> Result<T> {
        let got = match self {
            Row::Sqlite(r) => T::from_lite(r.get_ref(i)?),
            Row::Server(r) => T::from_pg(r, i),
        };
        got.map_err(|e| anyhow::anyhow!("column {i} of a stored row: {e}"))
    }
}

impl<'a> Db<'a> {
    pub fn is_server(self) -> bool {
        matches!(self, Db::Server(_))
    }

    /// Whether this login may read personal data: contacts' names and
    /// e-mails, notes, history (always on the file).
    pub fn may_read_personal(self) -> bool {
        match self {
            Db::Server(s) => s.personal(),
            Db::Sqlite(_) => true,
        }
    }

    /// A column of personal data (a contact's name or e-mail), or, for a
    /// reader the server does not let read it, `hidden` in its place.
    pub fn personal(self, column: &str, hidden: &str) -> String {
        match self {
            Db::Server(s) if !s.personal() => format!(
                "{hidden} AS {}",
                column.rsplit('.').next().unwrap_or(column)
            ),
            _ => column.to_string(),
        }
    }

    /// The SQLite connection, for code that is SQLite's alone.
    pub fn sqlite(self) -> Option<&'a rusqlite::Connection> {
        match self {
            Db::Sqlite(c) => Some(c),
            Db::Server(_) => None,
        }
    }

    /// Run a statement; the number of rows it changed.
    pub fn execute(self, sql: &str, args: &[&dyn Arg]) -> Result<usize> {
        match self {
            Db::Sqlite(c) => Ok(c.prepare_cached(sql)?.execute(rusqlite::params_from_iter(
                args.iter().map(|a| Lite(a.value())),
            ))?),
            Db::Server(s) => {
                let st = s.statement(sql)?;
                let owned: Vec<Pg> = args.iter().map(|a| Pg(a.value())).collect();
                let params: Vec<&(dyn PgToSql + Sync)> =
                    owned.iter().map(|p| p as &(dyn PgToSql + Sync)).collect();
                let n = s.client.borrow_mut().execute(&st, &params).map_err(pg)?;
                Ok(n as usize)
            }
        }
    }

    /// Insert a row; its new `id`.
    pub fn insert(self, sql: &str, args: &[&dyn Arg]) -> Result<i64> {
        match self {
            Db::Sqlite(c) => {
                self.execute(sql, args)?;
                Ok(c.last_insert_rowid())
            }
            Db::Server(_) => {
                let returning = format!("{sql} RETURNING id");
                self.query_one(&returning, args, |r| r.get(0))
            }
        }
    }

    /// Each row, in order, to `f`.
    pub fn each(
        self,
        sql: &str,
        args: &[&dyn Arg],
        mut f: impl FnMut(&Row) -> Result<()>,
    ) -> Result<()> {
        match self {
            Db::Sqlite(c) => {
                let mut st = c.prepare_cached(sql)?;
                let mut rows = st.query(rusqlite::params_from_iter(
                    args.iter().map(|a| Lite(a.value())),
                ))?;
                while let Some(r) = rows.next()? {
                    f(&Row::Sqlite(r))?;
                }
                Ok(())
            }
            Db::Server(s) => {
                let st = s.statement(sql)?;
                let owned: Vec<Pg> = args.iter().map(|a| Pg(a.value())).collect();
                let params: Vec<&(dyn PgToSql + Sync)> =
                    owned.iter().map(|p| p as &(dyn PgToSql + Sync)).collect();
                let rows = s.client.borrow_mut().query(&st, &params).map_err(pg)?;
                for r in &rows {
                    f(&Row::Server(r))?;
                }
                Ok(())
            }
        }
    }

    /// Every row, each made into a `T`.
    pub fn all<T>(
        self,
        sql: &str,
        args: &[&dyn Arg],
        mut f: impl FnMut(&Row) -> Result<T>,
    ) -> Result<Vec<T>> {
        let mut out = Vec::new();
        self.each(sql, args, |r| {
            out.push(f(r)?);
            Ok(())
        })?;
        Ok(out)
    }

    /// The first row, if any.
    pub fn first<T>(
        self,
        sql: &str,
        args: &[&dyn Arg],
        f: impl FnOnce(&Row) -> Result<T>,
    ) -> Result<Option<T>> {
        match self {
            // Only the first row is stepped to.
            Db::Sqlite(c) => {
                let mut st = c.prepare_cached(sql)?;
                let mut rows = st.query(rusqlite::params_from_iter(
                    args.iter().map(|a| Lite(a.value())),
                ))?;
                match rows.next()? {
                    Some(r) => Ok(Some(f(&Row::Sqlite(r))?)),
                    None => Ok(None),
                }
            }
            Db::Server(s) => {
                let st = s.statement(sql)?;
                let owned: Vec<Pg> = args.iter().map(|a| Pg(a.value())).collect();
                let params: Vec<&(dyn PgToSql + Sync)> =
                    owned.iter().map(|p| p as &(dyn PgToSql + Sync)).collect();
                let row = s.client.borrow_mut().query_opt(&st, &params);
                match row.map_err(pg)? {
                    Some(r) => Ok(Some(f(&Row::Server(&r))?)),
                    None => Ok(None),
                }
            }
        }
    }

    /// The one row a statement gives (an error when it gives none).
    pub fn query_one<T>(
        self,
        sql: &str,
        args: &[&dyn Arg],
        f: impl FnOnce(&Row) -> Result<T>,
    ) -> Result<T> {
        self.first(sql, args, f)?
            .ok_or_else(|| anyhow::anyhow!("no row where one was expected: {sql}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_case_blind_match_becomes_lower_on_the_server() {
        assert_eq!(
            placeholders("SELECT 1 FROM tenants st WHERE st.fm = ?1 COLLATE NOCASE AND x = 1"),
            "SELECT 1 FROM tenants st WHERE lower(st.fm) = lower($1) AND x = 1"
        );
        assert_eq!(
            placeholders("ORDER BY fm COLLATE NOCASE"),
            "ORDER BY fm COLLATE NOCASE"
        );
    }

    #[test]
    fn bare_placeholders_are_numbered_in_order() {
        assert_eq!(
            placeholders("a = ? AND b = ? AND c = ?"),
            "a = $1 AND b = $2 AND c = $3"
        );
    }

    #[test]
    fn placeholders_are_numbered_for_the_server_outside_quotes() {
        assert_eq!(
            placeholders("SELECT a FROM t WHERE b = ?1 AND c = '?' AND d = ?2"),
            "SELECT a FROM t WHERE b = $1 AND c = '?' AND d = $2"
        );
    }

    #[test]
    fn sqlite_reads_and_writes_through_the_handle() {
        let c = rusqlite::Connection::open_in_memory().unwrap();
        let db = Db::from(&c);
        db.execute(
            "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b INTEGER, r REAL)",
            args![],
        )
        .unwrap();
        let day = chrono::NaiveDate::from_ymd_opt(2027, 7, 1).unwrap();
        let id = db
            .insert(
                "INSERT INTO t (a, b, r) VALUES (?1, ?2, ?3)",
                args![day, true, 1.5],
            )
            .unwrap();
        assert_eq!(id, 1);
        let none: Option<i64> = None;
        db.insert(
            "INSERT INTO t (a, b, r) VALUES (?1, ?2, ?3)",
            args!["x", none, 2],
        )
        .unwrap();
        let rows = db
            .all("SELECT a, b, r FROM t ORDER BY id", args![], |r| {
                Ok((
                    r.get::<String>(0)?,
                    r.get::<Option<bool>>(1)?,
                    r.get::<f64>(2)?,
                ))
            })
            .unwrap();
        assert_eq!(
            rows,
            [
                ("2027-07-01".to_string(), Some(true), 1.5),
                ("x".to_string(), None, 2.0)
            ]
        );
        assert_eq!(
            db.first("SELECT a FROM t WHERE id = ?1", args![9i64], |r| r
                .get::<String>(0))
                .unwrap(),
            None
        );
        assert!(db
            .query_one("SELECT a FROM t WHERE id = 9", args![], |r| r
                .get::<String>(0))
            .is_err());
        assert!(db
            .first("SELECT b FROM t WHERE id = 2", args![], |r| r.get::<i64>(0))
            .is_err());
    }
}
