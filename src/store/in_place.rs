//! A statement whose text parameters SQLite reads where they are, without
//! a copy: the one place the crate calls SQLite's C interface itself.
//!
//! rusqlite binds every text as `SQLITE_TRANSIENT`, which has SQLite
//! allocate and copy it; a bulk load binds some 700,000 texts for 100,000
//! tenants, and those copies were a fifth of its store thread's time
//! (bench/README, "Sixteenth session"). `SQLITE_STATIC` tells SQLite the
//! text stays put until the statement is reset or bound again. [`InPlace::run`]
//! keeps that promise by construction: it borrows the texts for the call
//! only, and resets the statement and clears its bindings before it
//! returns, on every path.
#![allow(unsafe_code)]

use rusqlite::{ffi, Connection};
use std::ffi::{c_char, c_int};
use std::marker::PhantomData;
use std::ptr::NonNull;

/// A value to bind.
#[derive(Debug, Clone, Copy)]
pub enum Param<'a> {
    Text(&'a str),
    Int(i64),
    Null,
}

impl<'a> From<&'a str> for Param<'a> {
    fn from(s: &'a str) -> Self {
        Param::Text(s)
    }
}

impl From<i64> for Param<'_> {
    fn from(n: i64) -> Self {
        Param::Int(n)
    }
}

impl From<bool> for Param<'_> {
    fn from(b: bool) -> Self {
        Param::Int(i64::from(b))
    }
}

impl<'a> From<Option<&'a str>> for Param<'a> {
    fn from(s: Option<&'a str>) -> Self {
        s.map_or(Param::Null, Param::Text)
    }
}

/// A prepared statement of `conn` that writes (it returns no rows).
pub struct InPlace<'c> {
    stmt: NonNull<ffi::sqlite3_stmt>,
    db: *mut ffi::sqlite3,
    params: c_int,
    /// The statement must not outlive its connection.
    _conn: PhantomData<&'c Connection>,
}

impl<'c> InPlace<'c> {
    pub fn prepare(conn: &'c Connection, sql: &str) -> rusqlite::Result<InPlace<'c>> {
        let len = c_int::try_from(sql.len()).map_err(|_| rusqlite::Error::InvalidQuery)?;
        let mut stmt = std::ptr::null_mut();
        // SAFETY: `conn` is an open connection (its handle lives as long as
        // it does, and `_conn` keeps this statement within that); `sql` is
        // `len` valid bytes, which SQLite reads during the call only.
        let db = unsafe { conn.handle() };
        // SAFETY: as above.
        let rc = unsafe {
            ffi::sqlite3_prepare_v2(
                db,
                sql.as_ptr().cast::<c_char>(),
                len,
                &mut stmt,
                std::ptr::null_mut(),
            )
        };
        if rc != ffi::SQLITE_OK {
            return Err(error(db, rc));
        }
        let Some(stmt) = NonNull::new(stmt) else {
            return Err(rusqlite::Error::InvalidQuery); // no statement in `sql`
        };
        // SAFETY: `stmt` was just prepared.
        let params = unsafe { ffi::sqlite3_bind_parameter_count(stmt.as_ptr()) };
        Ok(InPlace {
            stmt,
            db,
            params,
            _conn: PhantomData,
        })
    }

    /// Bind `params` to the statement's parameters in order (all of them,
    /// exactly) and run it once.
    pub fn run<'p>(&mut self, params: impl IntoIterator<Item = Param<'p>>) -> rusqlite::Result<()> {
        let got = self.bind_and_step(params);
        // SAFETY: `stmt` is prepared and not finalized. Resetting and
        // clearing the bindings drops every pointer to the texts, which
        // this call borrowed; neither fails in a way that keeps them.
        unsafe {
            ffi::sqlite3_reset(self.stmt.as_ptr());
            ffi::sqlite3_clear_bindings(self.stmt.as_ptr());
        }
        got
    }

    fn bind_and_step<'p>(
        &mut self,
        params: impl IntoIterator<Item = Param<'p>>,
    ) -> rusqlite::Result<()> {
        let stmt = self.stmt.as_ptr();
        let mut i: c_int = 0;
        for p in params {
            i += 1;
            if i > self.params {
                return Err(rusqlite::Error::InvalidParameterCount(
                    i as usize,
                    self.params as usize,
                ));
            }
            // SAFETY: `stmt` is prepared and `i` one of its parameters. A
            // text is bound as SQLITE_STATIC: SQLite reads it in place until
            // `run` resets the statement and clears its bindings, before
            // the borrow of the text ends.
            let rc = unsafe {
                match p {
                    Param::Text(s) => {
                        let len =
                            c_int::try_from(s.len()).map_err(|_| rusqlite::Error::InvalidQuery)?;
                        ffi::sqlite3_bind_text(
                            stmt,
                            i,
                            s.as_ptr().cast::<c_char>(),
                            len,
                            ffi::SQLITE_STATIC(),
                        )
                    }
                    Param::Int(n) => ffi::sqlite3_bind_int64(stmt, i, n),
                    Param::Null => ffi::sqlite3_bind_null(stmt, i),
                }
            };
            if rc != ffi::SQLITE_OK {
                return Err(error(self.db, rc));
            }
        }
        if i != self.params {
            return Err(rusqlite::Error::InvalidParameterCount(
                i as usize,
                self.params as usize,
            ));
        }
        // SAFETY: `stmt` is prepared and every parameter bound.
        match unsafe { ffi::sqlite3_step(stmt) } {
            ffi::SQLITE_DONE => Ok(()),
            ffi::SQLITE_ROW => Err(rusqlite::Error::ExecuteReturnedResults),
            rc => Err(error(self.db, rc)),
        }
    }
}

/// A many-row statement of `conn` run chunk by chunk: a whole chunk of
/// `rows` rows by the one statement kept for it, a shorter last one by a
/// statement of its own (`sql` writes the statement for so many rows).
pub struct Chunked<'c> {
    conn: &'c Connection,
    whole: InPlace<'c>,
    rows: usize,
    sql: fn(usize) -> String,
}

impl<'c> Chunked<'c> {
    pub fn prepare(
        conn: &'c Connection,
        rows: usize,
        sql: fn(usize) -> String,
    ) -> rusqlite::Result<Chunked<'c>> {
        Ok(Chunked {
            conn,
            whole: InPlace::prepare(conn, &sql(rows))?,
            rows,
            sql,
        })
    }

    /// Run the statement for `rows` rows with `params` (see `InPlace::run`).
    pub fn run<'p>(
        &mut self,
        rows: usize,
        params: impl IntoIterator<Item = Param<'p>>,
    ) -> rusqlite::Result<()> {
        if rows == self.rows {
            self.whole.run(params)
        } else {
            InPlace::prepare(self.conn, &(self.sql)(rows))?.run(params)
        }
    }
}

impl Drop for InPlace<'_> {
    fn drop(&mut self) {
        // SAFETY: `stmt` is prepared and finalized only here.
        unsafe {
            ffi::sqlite3_finalize(self.stmt.as_ptr());
        }
    }
}

/// The error SQLite reports for `rc` on connection `db`, as rusqlite gives
/// its own.
fn error(db: *mut ffi::sqlite3, rc: c_int) -> rusqlite::Error {
    // SAFETY: `db` is an open connection; the message is copied at once.
    let message = unsafe {
        let m = ffi::sqlite3_errmsg(db);
        (!m.is_null()).then(|| std::ffi::CStr::from_ptr(m).to_string_lossy().into_owned())
    };
    rusqlite::Error::SqliteFailure(ffi::Error::new(rc), message)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conn() -> Connection {
        let c = Connection::open_in_memory().unwrap();
        c.execute_batch("CREATE TABLE t (a TEXT NOT NULL, b INTEGER, c TEXT UNIQUE)")
            .unwrap();
        c
    }

    #[test]
    fn texts_are_written_as_given_and_the_statement_runs_again() {
        let c = conn();
        let mut st =
            InPlace::prepare(&c, "INSERT INTO t (a, b, c) VALUES (?, ?, ?), (?, ?, ?)").unwrap();
        for round in 0..3 {
            // Texts that live for one round only.
            let a = format!("naïve {round}");
            let c2 = format!("c{round}");
            st.run([
                Param::from(a.as_str()),
                Param::Int(round),
                Param::Null,
                Param::from(""),
                Param::from(true),
                Param::from(Some(c2.as_str())),
            ])
            .unwrap();
        }
        let rows: Vec<(String, i64, Option<String>)> = c
            .prepare("SELECT a, b, c FROM t ORDER BY rowid")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(rows.len(), 6);
        assert_eq!(rows[2], ("naïve 1".to_string(), 1, None));
        assert_eq!(rows[5], (String::new(), 1, Some("c2".to_string())));
    }

    #[test]
    fn errors_are_sqlites_own_and_leave_the_statement_usable() {
        let c = conn();
        let mut st = InPlace::prepare(&c, "INSERT INTO t (a, b, c) VALUES (?, ?, ?)").unwrap();
        st.run([Param::from("x"), Param::Int(1), Param::from("same")])
            .unwrap();
        let e = st
            .run([Param::from("y"), Param::Int(2), Param::from("same")])
            .unwrap_err();
        assert_eq!(
            e.sqlite_error_code(),
            Some(rusqlite::ErrorCode::ConstraintViolation)
        );
        let e = st
            .run([Param::Null, Param::Int(2), Param::Null])
            .unwrap_err();
        assert_eq!(
            e.sqlite_error_code(),
            Some(rusqlite::ErrorCode::ConstraintViolation)
        );
        assert!(matches!(
            st.run([Param::from("z")]),
            Err(rusqlite::Error::InvalidParameterCount(1, 3))
        ));
        assert!(matches!(
            st.run([Param::Int(1); 4]),
            Err(rusqlite::Error::InvalidParameterCount(4, 3))
        ));
        st.run([Param::from("w"), Param::Int(3), Param::from("other")])
            .unwrap();
        let n: i64 = c
            .query_row("SELECT count(*) FROM t", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 2);
        assert!(InPlace::prepare(&c, "INSERT INTO nowhere VALUES (?)").is_err());
        assert!(InPlace::prepare(&c, "").is_err());
    }
}
