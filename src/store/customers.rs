//! Customers: one row per organisation, keyed by TPID when known.

use super::in_place::{Chunked, InPlace, Param};
use super::sql::{self, Arg, Db};
use crate::args;
use crate::domain::names::{Fnv, Key, NameKeys, StoredKeys, Weights, SHORT_NAME, TYPO_REACH};
use crate::error::Result;
use rusqlite::{params, Connection, OptionalExtension};
use std::fmt::Write as _;
use std::hash::BuildHasherDefault;

#[derive(Debug, Clone)]
pub struct Customer {
    pub id: i64,
    pub tpid: Option<i64>,
    pub name: String,
}

/// A customer with its blocking keys, for the duplicate check.
#[derive(Debug, Clone)]
pub struct KeyedCustomer {
    pub id: i64,
    pub tpid: Option<i64>,
    pub name: String,
    pub keys: NameKeys,
}

fn customer(r: &sql::Row) -> Result<Customer> {
    Ok(Customer {
        id: r.get(0)?,
        tpid: r.get(1)?,
        name: r.get(2)?,
    })
}

/// Columns `id, tpid, name, norm_name`: the keys are worked out again
/// from the normalised name (cheaper than reading them), the legal form
/// an acronym may end with from the name.
fn keyed(r: &sql::Row) -> Result<KeyedCustomer> {
    let name: String = r.get(2)?;
    let tail = crate::domain::names::acronym_tail(&name);
    Ok(KeyedCustomer {
        id: r.get(0)?,
        tpid: r.get(1)?,
        keys: NameKeys::from_norm(r.get(3)?).with_acronym_tail(tail),
        name,
    })
}

pub fn get_customer_by_tpid<'c>(db: impl Into<Db<'c>>, tpid: i64) -> Result<Option<Customer>> {
    db.into().first(
        "SELECT id, tpid, name FROM customers WHERE tpid = ?1",
        args![tpid],
        customer,
    )
}

pub fn get_customer<'c>(db: impl Into<Db<'c>>, id: i64) -> Result<Option<Customer>> {
    db.into().first(
        "SELECT id, tpid, name FROM customers WHERE id = ?1",
        args![id],
        customer,
    )
}

/// Customers whose exact name (any case) is `name`.
pub fn find_customers_by_name<'c>(db: impl Into<Db<'c>>, name: &str) -> Result<Vec<Customer>> {
    let db = db.into();
    let k = NameKeys::of(name);
    let sql = if db.is_server() {
        "SELECT id, tpid, name FROM customers WHERE key_prefix = ?1 AND lower(name) = lower(?2)"
    } else {
        "SELECT id, tpid, name FROM customers
          WHERE id IN (SELECT j.value FROM name_keys k, json_each(k.ids) j WHERE k.key = ?1)
            AND lower(name) = lower(?2)"
    };
    let key = if db.is_server() {
        k.prefix
    } else {
        list_key(Key::Prefix, &k.prefix)
    };
    db.all(sql, args![key, name], customer)
}

pub fn insert_customer<'c>(db: impl Into<Db<'c>>, name: &str, tpid: Option<i64>) -> Result<i64> {
    let db = db.into();
    let k = NameKeys::of(name);
    let id = db.insert(
        "INSERT INTO customers (tpid, name, norm_name, key_suffix, initials, key_prefix)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        args![tpid, name, k.norm, k.suffix, k.initials_key(), k.prefix],
    )?;
    count_words(db, &k, 1)?;
    if let Some(conn) = db.sqlite() {
        list_customer(conn, id, &StoredKeys::from(k))?;
    }
    Ok(id)
}

/// Insert customers `(TPID, name)` in this order (their IDs ascend so),
/// each with its name keys and word counts, as `insert_customer` would one
/// by one. The server takes them in two `COPY` streams and three
/// statements instead of a round trip per customer and word. The word
/// counts are updated, then the new words inserted: `ON CONFLICT`'s
/// speculative insertion took 190 ms for 63,000 new words, and the writer
/// holds the database's write lock, so no other session adds a word between.
pub fn insert_customers(db: Db, new: &[(i64, String)]) -> Result<()> {
    let Db::Server(s) = db else {
        for (tpid, name) in new {
            insert_customer(db, name, Some(*tpid))?;
        }
        return Ok(());
    };
    if new.is_empty() {
        return Ok(());
    }
    s.batch(
        "CREATE TEMP TABLE new_customers (n BIGINT GENERATED ALWAYS AS IDENTITY, tpid BIGINT,
             name TEXT, norm_name TEXT, key_suffix TEXT, initials TEXT, key_prefix TEXT) ON COMMIT DROP;
         CREATE TEMP TABLE new_words (word TEXT, names BIGINT) ON COMMIT DROP;",
    )?;
    let mut weights = Weights::default();
    s.copy_in(
        "new_customers",
        "tpid, name, norm_name, key_suffix, initials, key_prefix",
        |c| {
            for (tpid, name) in new {
                let k = NameKeys::of(name);
                c.int(Some(*tpid))
                    .text(Some(name))
                    .text(Some(&k.norm))
                    .text(Some(&k.suffix))
                    .text(k.initials_key().as_deref())
                    .text(Some(&k.prefix));
                c.end()?;
                weights.add(&k);
            }
            Ok(())
        },
    )?;
    s.copy_in("new_words", "word, names", |c| {
        // The empty word counts the names.
        c.text(Some("")).int(Some(weights.names as i64));
        c.end()?;
        for (word, n) in &weights.df {
            c.text(Some(word)).int(Some(*n as i64));
            c.end()?;
        }
        Ok(())
    })?;
    s.batch(
        "INSERT INTO customers (tpid, name, norm_name, key_suffix, initials, key_prefix)
             SELECT tpid, name, norm_name, key_suffix, initials, key_prefix FROM new_customers ORDER BY n;
         UPDATE name_words w SET names = w.names + n.names FROM new_words n WHERE w.word = n.word;
         INSERT INTO name_words (word, names)
             SELECT word, names FROM new_words n
              WHERE NOT EXISTS (SELECT 1 FROM name_words w WHERE w.word = n.word) ORDER BY word;
         DROP TABLE new_customers; DROP TABLE new_words;",
    )
}

pub fn rename_customer<'c>(db: impl Into<Db<'c>>, id: i64, name: &str) -> Result<()> {
    let db = db.into();
    let old: Option<StoredKeys> = db.first(
        "SELECT norm_name, key_prefix, key_suffix, initials FROM customers WHERE id = ?1",
        args![id],
        stored_keys,
    )?;
    if let Some(old) = old {
        if let Some(conn) = db.sqlite() {
            unlist_customer(conn, id, &old)?;
        }
        count_words(db, &NameKeys::from_norm(old.norm), -1)?;
    }
    let k = NameKeys::of(name);
    db.execute(
        "UPDATE customers SET name = ?2, norm_name = ?3, key_suffix = ?4, initials = ?5,
                key_prefix = ?6
         WHERE id = ?1",
        args![id, name, k.norm, k.suffix, k.initials_key(), k.prefix],
    )?;
    count_words(db, &k, 1)?;
    if let Some(conn) = db.sqlite() {
        list_customer(conn, id, &StoredKeys::from(k))?;
    }
    Ok(())
}

/// Columns `norm_name, key_prefix, key_suffix, initials`: the keys as
/// stored.
fn stored_keys(r: &sql::Row) -> Result<StoredKeys> {
    Ok(StoredKeys {
        norm: r.get(0)?,
        prefix: r.get(1)?,
        suffix: r.get(2)?,
        initials: r.get(3)?,
    })
}

/// The file's index of the blocking keys (`name_keys`, see the schema's
/// migration 14): for each key a customer is found by, tagged with its
/// kind, the IDs of the customers that have it as a JSON array. The
/// server indexes the key columns instead.
fn list_key(key: Key, value: &str) -> String {
    let mut k = String::with_capacity(value.len() + 1);
    write_list_key(&mut k, key, value);
    k
}

/// `list_key` into `out` (emptied first).
fn write_list_key(out: &mut String, key: Key, value: &str) {
    out.clear();
    out.push(match key {
        Key::Prefix | Key::Short => 'p',
        Key::Suffix => 's',
        Key::Initials => 'i',
    });
    out.push_str(value);
}

/// The most IDs a list takes one at a time in one part: adding a customer
/// to a long list writes a short part, not the whole list.
const LIST_PART: i64 = 512;

/// Add customer `id` to the lists of its keys.
fn list_customer(conn: &Connection, id: i64, keys: &StoredKeys) -> Result<()> {
    for (key, value) in keys.indexed() {
        let k = list_key(key, value);
        let last: Option<(i64, i64)> = conn
            .prepare_cached(
                "SELECT part, json_array_length(ids) FROM name_keys WHERE key = ?1
                  ORDER BY part DESC LIMIT 1",
            )?
            .query_row(params![k], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        match last {
            Some((part, n)) if n < LIST_PART => conn
                .prepare_cached(
                    "UPDATE name_keys SET ids = json_insert(ids, '$[#]', ?3)
                      WHERE key = ?1 AND part = ?2",
                )?
                .execute(params![k, part, id])?,
            last => conn
                .prepare_cached(
                    "INSERT INTO name_keys (key, part, ids) VALUES (?1, ?2, json_array(?3))",
                )?
                .execute(params![k, last.map_or(0, |(part, _)| part + 1), id])?,
        };
    }
    Ok(())
}

/// Take customer `id` off the lists of its keys `keys` (as stored).
fn unlist_customer(conn: &Connection, id: i64, keys: &StoredKeys) -> Result<()> {
    for (key, value) in keys.indexed() {
        let k = list_key(key, value);
        conn.prepare_cached(
            "UPDATE name_keys
                SET ids = json_remove(ids, (SELECT '$[' || j.key || ']'
                                              FROM json_each(name_keys.ids) j
                                             WHERE j.value = ?2 LIMIT 1))
              WHERE key = ?1
                AND EXISTS (SELECT 1 FROM json_each(name_keys.ids) j WHERE j.value = ?2)",
        )?
        .execute(params![k, id])?;
        conn.prepare_cached("DELETE FROM name_keys WHERE key = ?1 AND ids = '[]'")?
            .execute(params![k])?;
    }
    Ok(())
}

/// Customers' IDs gathered by key, written as lists in one go (a bulk
/// load, a rebuild).
#[derive(Default)]
pub struct KeyLists {
    lists: std::collections::HashMap<String, Vec<i64>, BuildHasherDefault<Fnv>>,
    held: usize,
    key: String,
}

/// Lists ready to write: (key, its IDs as a JSON array), keys in order.
pub struct ListRows(Vec<(String, String)>);

impl KeyLists {
    /// Customer `id` is found by `keys`.
    pub fn add(&mut self, id: i64, keys: &StoredKeys) {
        for (key, value) in keys.indexed() {
            // Most keys are listed already: looked up without a new string.
            write_list_key(&mut self.key, key, value);
            match self.lists.get_mut(self.key.as_str()) {
                Some(ids) => ids.push(id),
                None => {
                    self.lists.insert(self.key.clone(), vec![id]);
                }
            }
            self.held += 1;
        }
    }

    /// Whether it holds enough IDs to write them now (memory stays flat
    /// however many customers a load brings).
    pub fn is_full(&self) -> bool {
        self.held >= 1 << 19
    }

    /// The lists gathered, ready to write (on another thread, while the
    /// store's builds an index), and start again.
    pub fn take_rows(&mut self) -> ListRows {
        self.held = 0;
        let mut rows: Vec<(String, String)> = self
            .lists
            .drain()
            .map(|(key, ids)| {
                let mut json = String::with_capacity(ids.len() * 9 + 2);
                json.push('[');
                for (i, id) in ids.iter().enumerate() {
                    if i > 0 {
                        json.push(',');
                    }
                    let _ = write!(json, "{id}");
                }
                json.push(']');
                (key, json)
            })
            .collect();
        rows.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        ListRows(rows)
    }

    /// Write each list gathered as its key's next part, and start again.
    pub fn write(&mut self, conn: &Connection) -> Result<()> {
        self.take_rows().write(conn)
    }
}

impl ListRows {
    /// Write each list as its key's next part.
    pub fn write(self, conn: &Connection) -> Result<()> {
        // The lists' text read in place (a feed's are megabytes).
        let mut st = InPlace::prepare(
            conn,
            "INSERT INTO name_keys (key, part, ids)
             VALUES (?1, (SELECT coalesce(max(part) + 1, 0) FROM name_keys WHERE key = ?1), ?2)",
        )?;
        for (key, json) in &self.0 {
            st.run([Param::Text(key), Param::Text(json)])?;
        }
        Ok(())
    }
}

/// Write the key lists again from the customers' key columns (the
/// migration that added them, a rebuild of the name keys, a copy into a
/// file).
pub fn rebuild_key_lists(conn: &Connection) -> Result<()> {
    conn.execute("DELETE FROM name_keys", [])?;
    let mut lists = KeyLists::default();
    let mut st = conn.prepare("SELECT '', key_prefix, key_suffix, initials, id FROM customers")?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        let keys = StoredKeys {
            norm: r.get(0)?,
            prefix: r.get(1)?,
            suffix: r.get(2)?,
            initials: r.get(3)?,
        };
        lists.add(r.get(4)?, &keys);
        if lists.is_full() {
            lists.write(conn)?;
        }
    }
    lists.write(conn)
}

/// Add `by` (1 or -1) to the counts of a name's words, and of names.
fn count_words(db: Db, k: &NameKeys, by: i64) -> Result<()> {
    let sql = "INSERT INTO name_words (word, names) VALUES (?1, ?2)
         ON CONFLICT (word) DO UPDATE SET names = CASE WHEN name_words.names + excluded.names < 0
             THEN 0 ELSE name_words.names + excluded.names END";
    db.execute(sql, args!["", by])?;
    let mut seen: Vec<&str> = Vec::new();
    for t in &k.tokens {
        if !seen.contains(&t.as_str()) {
            seen.push(t);
            db.execute(sql, args![t, by])?;
        }
    }
    Ok(())
}

/// Work out every customer's name keys and the word counts again (the
/// migration that added them, and after a bulk load).
pub fn rebuild_name_keys(conn: &Connection) -> Result<()> {
    let rows: Vec<(i64, String)> = {
        let mut st = conn.prepare("SELECT id, name FROM customers")?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let (keyed, weights) = key_names(rows);
    {
        let mut up = conn.prepare(
            "UPDATE customers SET norm_name = ?2, key_suffix = ?3, initials = ?4, key_prefix = ?5
             WHERE id = ?1",
        )?;
        for k in keyed {
            up.execute(params![k.id, k.norm, k.suffix, k.initials, k.prefix])?;
        }
    }
    save_weights(conn, &weights)
}

/// A customer's name keys as the `customers` table keeps them.
pub struct Rekeyed {
    pub id: i64,
    pub norm: String,
    pub suffix: String,
    pub initials: Option<String>,
    pub prefix: String,
}

/// Each customer's (ID, name) keyed again, and the word counts of them all:
/// what a rebuild of the name keys writes, on either engine.
pub fn key_names(rows: Vec<(i64, String)>) -> (Vec<Rekeyed>, Weights) {
    let mut weights = Weights::default();
    let keyed = rows
        .into_iter()
        .map(|(id, name)| {
            let k = NameKeys::of(&name);
            weights.add(&k);
            Rekeyed {
                id,
                initials: k.initials_key(),
                norm: k.norm,
                suffix: k.suffix,
                prefix: k.prefix,
            }
        })
        .collect();
    (keyed, weights)
}

/// Replace the word counts with `w`'s.
pub fn save_weights(conn: &Connection, w: &Weights) -> Result<()> {
    save_word_counts(conn.into(), w.names, &w.sorted_counts())
}

/// Replace the word counts: `names` names, and `words` (in order: the
/// table then grows at its end, much cheaper than in random order).
pub fn save_word_counts(db: Db, names: u64, words: &[(String, u64)]) -> Result<()> {
    let conn = match db {
        Db::Sqlite(c) => c,
        Db::Server(s) => {
            s.batch("DELETE FROM name_words")?;
            s.copy_in("name_words", "word, names", |c| {
                c.text(Some("")).int(Some(names as i64));
                c.end()?;
                for (word, n) in words {
                    c.text(Some(word)).int(Some(*n as i64));
                    c.end()?;
                }
                Ok(())
            })?;
            return Ok(());
        }
    };
    conn.execute("DELETE FROM name_words", [])?;
    conn.execute(
        "INSERT INTO name_words (word, names) VALUES ('', ?1)",
        [names as i64],
    )?;
    // Many rows a statement: a feed of made-up names has a word of its own
    // in nearly every name, and one statement a row cost a bulk load more
    // than the rest of its word counting; and SQLite copies each page a
    // statement changes to a statement journal first (the words are a
    // unique key), so fewer statements copy fewer pages. The words are read
    // in place.
    const ROWS: usize = 1024;
    let mut st = Chunked::prepare(conn, ROWS, |rows| {
        format!(
            "INSERT INTO name_words (word, names) VALUES {}",
            vec!["(?, ?)"; rows].join(", ")
        )
    })?;
    for chunk in words.chunks(ROWS) {
        let params = chunk
            .iter()
            .flat_map(|(word, n)| [Param::Text(word), Param::Int(*n as i64)]);
        st.run(chunk.len(), params)?;
    }
    Ok(())
}

/// The word counts the check needs to weigh these names' words, read in
/// one statement (a name with a common word has thousands of candidates,
/// and a statement a word cost a file 15 ms and a server a round trip
/// each).
pub fn weights_for<'a, 'c>(
    db: impl Into<Db<'c>>,
    names: impl IntoIterator<Item = &'a NameKeys>,
) -> Result<Weights> {
    let db = db.into();
    let mut out = Weights::default();
    // The empty word counts the names.
    out.df.insert(String::new(), 0);
    for k in names {
        for t in &k.tokens {
            if !out.df.contains_key(t) {
                out.df.insert(t.clone(), 0);
            }
        }
    }
    let words: Vec<&str> = out.df.keys().map(String::as_str).collect();
    let json = serde_json::to_string(&words)?;
    let sql = if db.is_server() {
        "SELECT word, names FROM name_words
          WHERE word IN (SELECT json_array_elements_text(CAST(?1 AS json)))"
    } else {
        "SELECT word, names FROM name_words WHERE word IN (SELECT value FROM json_each(?1))"
    };
    let counts: Vec<(String, i64)> = db.all(sql, args![json], |r| Ok((r.get(0)?, r.get(1)?)))?;
    for (word, n) in counts {
        out.df.insert(word, n.max(0) as u64);
    }
    out.names = out.df.remove("").unwrap_or(0);
    Ok(out)
}

/// `NameKeys::first_word_in_typo_reach` of `k` and a candidate's
/// `norm_name`, as SQL (`find`: the engine's substring search, `instr` on
/// SQLite, `strpos` on the server). A normalised name is lowercase ASCII
/// letters, digits and spaces: its letters are written in as they are.
fn typo_reach_sql(k: &NameKeys, find: &str) -> String {
    let (last, before) = k.first_word_end();
    let letter = |b: Option<u8>| b.map(|b| char::from(b).to_string()).unwrap_or_default();
    let (last, before) = (letter(Some(last)), letter(before));
    // The first word's end: its letters at the first space less one and
    // less two ('' for a one-letter word on both engines).
    let end = format!("{find}(norm_name || ' ', ' ')");
    format!(
        "abs({end} - 1 - {len}) <= {TYPO_REACH}
         AND (substr(norm_name, {end} - 1, 1) IN ('{last}', '{before}')
              OR substr(norm_name, {end} - 2, 1) IN ('{last}', '{before}'))",
        len = k.first_word_len()
    )
}

/// Customers sharing a blocking key with `k` (`NameKeys::probes`): the
/// candidates to compare.
pub fn customer_candidates<'c>(db: impl Into<Db<'c>>, k: &NameKeys) -> Result<Vec<KeyedCustomer>> {
    let db = db.into();
    let probes = k.probes();
    let mut found = if db.is_server() {
        let column = |key: Key| match key {
            Key::Prefix => "key_prefix",
            Key::Suffix => "key_suffix",
            Key::Initials => "initials",
            Key::Short => "key_prefix",
        };
        // Keys are lowercase ASCII letters and digits: the four-character
        // prefixes that start with a short key lie between it and it + 'z'.
        let clauses: Vec<String> = probes
            .iter()
            .enumerate()
            .map(|(i, (key, _))| match key {
                Key::Short => format!(
                    "(key_prefix BETWEEN ?{n} AND (?{n} || 'z') AND length(norm_name) <= {})",
                    2 * SHORT_NAME,
                    n = i + 1
                ),
                Key::Suffix => format!(
                    "(key_suffix = ?{} AND {})",
                    i + 1,
                    typo_reach_sql(k, "strpos")
                ),
                _ => format!("{} = ?{}", column(*key), i + 1),
            })
            .collect();
        let values: Vec<&dyn Arg> = probes.iter().map(|(_, v)| v as &dyn Arg).collect();
        db.all(
            &format!(
                "SELECT id, tpid, name, norm_name FROM customers WHERE {}",
                clauses.join(" OR ")
            ),
            &values,
            keyed,
        )?
    } else {
        // The same on the file's key lists: the customers on the lists of
        // the keys, and the short names on the lists of the prefixes a
        // short key starts (between it and it + 'z', as above).
        let mut exact: Vec<String> = Vec::new();
        let mut short: Option<String> = None;
        let mut suffix: Option<String> = None;
        for (key, v) in &probes {
            match key {
                Key::Short => short = Some(list_key(*key, v)),
                Key::Suffix => suffix = Some(list_key(*key, v)),
                _ => exact.push(list_key(*key, v)),
            }
        }
        let listed = "SELECT j.value FROM name_keys k, json_each(k.ids) j WHERE k.key";
        let marks: Vec<String> = (1..=exact.len()).map(|i| format!("?{i}")).collect();
        let mut sql = format!(
            "SELECT id, tpid, name, norm_name FROM customers WHERE id IN ({listed} IN ({}))",
            marks.join(", ")
        );
        if short.is_some() {
            sql.push_str(&format!(
                " UNION SELECT id, tpid, name, norm_name FROM customers
                   WHERE id IN ({listed} BETWEEN ?{n} AND ?{n} || 'z')
                     AND length(norm_name) <= {}",
                2 * SHORT_NAME,
                n = exact.len() + 1
            ));
        }
        if suffix.is_some() {
            sql.push_str(&format!(
                " UNION SELECT id, tpid, name, norm_name FROM customers
                   WHERE id IN ({listed} = ?{n}) AND {}",
                typo_reach_sql(k, "instr"),
                n = exact.len() + usize::from(short.is_some()) + 1
            ));
        }
        let mut values: Vec<&dyn Arg> = exact.iter().map(|v| v as &dyn Arg).collect();
        values.extend(short.as_ref().map(|v| v as &dyn Arg));
        values.extend(suffix.as_ref().map(|v| v as &dyn Arg));
        db.all(&sql, &values, keyed)?
    };
    // The short-key range brings long names too: only short ones meet
    // that way (as in `tenant dupes`).
    if let Some(short) = k.short_key() {
        found.retain(|c| {
            c.keys.short_key() == Some(short)
                || StoredKeys::from(c.keys.clone())
                    .indexed()
                    .into_iter()
                    .any(|(key, v)| probes.iter().any(|(pk, pv)| *pk == key && pv == v))
        });
    }
    Ok(found)
}

/// Every customer with its keys (for `tenant dupes`).
pub fn list_keyed_customers<'c>(db: impl Into<Db<'c>>) -> Result<Vec<KeyedCustomer>> {
    db.into().all(
        "SELECT id, tpid, name, norm_name FROM customers",
        args![],
        keyed,
    )
}

/// A customer row with its tenant count, for `customer list`.
#[derive(Debug, Clone)]
pub struct CustomerSummary {
    pub id: i64,
    pub tpid: Option<i64>,
    pub name: String,
    pub tenants: i64,
    pub seats: i64,
    pub fms: Option<String>,
    pub winner: Option<String>,
}

/// Customers whose name contains `name_contains` (any case; all without
/// it), and those of `also` (IDs).
pub fn list_customers<'c>(
    db: impl Into<Db<'c>>,
    name_contains: Option<&str>,
    also: &[i64],
) -> Result<Vec<CustomerSummary>> {
    let db = db.into();
    let extra = if also.is_empty() {
        String::new()
    } else {
        // IDs are integers: written into the statement as such.
        format!(
            " OR c.id IN ({})",
            also.iter()
                .map(i64::to_string)
                .collect::<Vec<_>>()
                .join(",")
        )
    };
    // The text's letters without spaces, found in the normalised names
    // without theirs too: "woodgrove" finds "Wood Grove Bank" (three
    // letters or more, so that a short text does not find every name).
    let joined: Option<String> = name_contains
        .map(|t| crate::domain::names::normalise(t).replace(' ', ""))
        .filter(|j| j.len() >= 3);
    // Each engine's way to join the FMs, and to find a substring literally.
    let (fms, contains) = if db.is_server() {
        ("string_agg(DISTINCT t.fm, ',')", "strpos")
    } else {
        ("group_concat(DISTINCT t.fm)", "instr")
    };
    db.all(
        &format!(
            "SELECT c.id, c.tpid, c.name, count(t.id), CAST(coalesce(sum(t.seats), 0) AS BIGINT),
                    {fms},
                    max(CASE WHEN t.winner_of IS NOT NULL THEN t.domain END)
             FROM customers c LEFT JOIN tenants t ON t.customer_id = c.id
             WHERE CAST(?1 AS TEXT) IS NULL OR {contains}(lower(c.name), lower(?1)) > 0
                OR (CAST(?2 AS TEXT) IS NOT NULL AND {contains}(replace(c.norm_name, ' ', ''), ?2) > 0){extra}
             GROUP BY c.id ORDER BY lower(c.name), c.id"
        ),
        args![name_contains, joined],
        |r| {
            Ok(CustomerSummary {
                id: r.get(0)?,
                tpid: r.get(1)?,
                name: r.get(2)?,
                tenants: r.get(3)?,
                seats: r.get(4)?,
                fms: r.get(5)?,
                winner: r.get(6)?,
            })
        },
    )
}

/// The customer a tenant was moved away from by hand (`tenant set
/// --customer`), whose TPID the feed may still give it: `None` when it was
/// not moved.
pub fn moved_from<'c>(db: impl Into<Db<'c>>, tenant: i64) -> Result<Option<i64>> {
    db.into().first(
        "SELECT feed_customer FROM customer_pins WHERE tenant_id = ?1",
        args![tenant],
        |r| r.get(0),
    )
}

/// Remember that a tenant was moved by hand away from `feed_customer`: an
/// import that still names that customer leaves it where it is.
pub fn pin_move<'c>(
    db: impl Into<Db<'c>>,
    tenant: i64,
    feed_customer: i64,
    on: chrono::NaiveDate,
) -> Result<()> {
    db.into().execute(
        "INSERT INTO customer_pins (tenant_id, feed_customer, pinned_on) VALUES (?1, ?2, ?3)
         ON CONFLICT (tenant_id) DO UPDATE SET feed_customer = excluded.feed_customer,
             pinned_on = excluded.pinned_on",
        args![tenant, feed_customer, on],
    )?;
    Ok(())
}

/// Forget a move by hand (the tenant is back with the feed's customer).
pub fn unpin_move<'c>(db: impl Into<Db<'c>>, tenant: i64) -> Result<()> {
    db.into().execute(
        "DELETE FROM customer_pins WHERE tenant_id = ?1",
        args![tenant],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    /// Each (list key, customer) on the key lists, and the same worked out
    /// from the customers' key columns: equal when the lists are up to date.
    fn listed(conn: &Connection) -> (Vec<String>, Vec<String>) {
        let all = |sql: &str| -> Vec<String> {
            conn.prepare(sql)
                .unwrap()
                .query_map([], |r| r.get(0))
                .unwrap()
                .map(|r| r.unwrap())
                .collect()
        };
        (
            all("SELECT k.key || '|' || j.value FROM name_keys k, json_each(k.ids) j ORDER BY 1"),
            all("SELECT 'p' || key_prefix || '|' || id FROM customers
                 UNION ALL SELECT 's' || key_suffix || '|' || id FROM customers
                 UNION ALL SELECT 'i' || initials || '|' || id FROM customers
                            WHERE initials IS NOT NULL
                 ORDER BY 1"),
        )
    }

    /// The IDs of the candidates `customer_candidates` finds for `name`.
    fn candidate_ids(conn: &Connection, name: &str) -> Vec<i64> {
        customer_candidates(conn, &NameKeys::of(name))
            .unwrap()
            .into_iter()
            .map(|c| c.id)
            .collect()
    }

    /// A made-up word for `n`: its letters in base 26.
    fn word(n: i64) -> String {
        let mut s = String::from("Zq");
        let mut x = n + 26 * 26;
        while x > 0 {
            s.push((b'a' + (x % 26) as u8) as char);
            x /= 26;
        }
        s
    }

    /// The typo-at-the-start key finds names whose first word is a typo or
    /// two away in length, not every name that shares the second word.
    #[test]
    fn the_typo_at_the_start_key_keeps_to_first_words_of_a_like_length() {
        let store = Store::open_in_memory().unwrap();
        let conn = &store.conn;
        let yorzenor = insert_customer(conn, "Yorzenor Foods", Some(1)).unwrap();
        let abcd = insert_customer(conn, "Abcd Foods", Some(2)).unwrap();
        let found = |name: &str| candidate_ids(conn, name);
        // A typo in the first letters: only the key for it finds the name.
        assert_eq!(found("Xorzenor Foods"), vec![yorzenor]);
        assert_eq!(found("Zyorzenor Foods"), vec![yorzenor]);
        assert_eq!(found("Xbcd Foods"), vec![abcd]);
        // Four letters or more apart: another word.
        assert!(found("Qwzzenorbert Foods").is_empty());
        // A typo at the start and one at the end; a word of the same
        // length that ends otherwise is another word.
        assert_eq!(found("Xorzenob Foods"), vec![yorzenor]);
        assert!(found("Kalbanet Foods").is_empty());
    }

    /// The typo reach in SQL takes the names the domain's rule takes.
    #[test]
    fn the_typo_reach_in_sql_is_the_domains() {
        let store = Store::open_in_memory().unwrap();
        let conn = &store.conn;
        let firsts = [
            "a",
            "ab",
            "abc",
            "yorzenor",
            "xorzenob",
            "zyorzenor",
            "orzeno",
            "rozenor",
            "kalbanet",
            "q1",
            "1ab",
        ];
        let mut names = Vec::new();
        for f in firsts {
            for rest in ["", " foods", " foods group"] {
                let name = format!("{f}{rest}");
                let id = insert_customer(conn, &name, Some(100 + names.len() as i64)).unwrap();
                names.push((id, NameKeys::of(&name)));
            }
        }
        for (_, q) in &names {
            let sql = format!(
                "SELECT id FROM customers WHERE {} ORDER BY id",
                typo_reach_sql(q, "instr")
            );
            let mut st = conn.prepare(&sql).unwrap();
            let got: Vec<i64> = st
                .query_map([], |r| r.get(0))
                .unwrap()
                .map(|r| r.unwrap())
                .collect();
            let want: Vec<i64> = names
                .iter()
                .filter(|(_, k)| q.first_word_in_typo_reach(k))
                .map(|(id, _)| *id)
                .collect();
            assert_eq!(got, want, "{}", q.norm);
        }
    }

    /// Adds and renames keep the lists equal to the key columns, a long
    /// list grows in parts, and a renamed customer is found by its new
    /// name's keys only.
    #[test]
    fn key_lists_follow_adds_and_renames() {
        let store = Store::open_in_memory().unwrap();
        let conn = &store.conn;
        let mut ids = Vec::new();
        for n in 0..600 {
            let name = format!("{} Foods Trading", word(n));
            ids.push(insert_customer(conn, &name, Some(5000 + n)).unwrap());
        }
        let (lists, columns) = listed(conn);
        assert_eq!(lists, columns);
        let parts: i64 = conn
            .query_row(
                "SELECT count(*) FROM name_keys WHERE key = 'sfood'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(
            parts, 2,
            "600 customers under one key: two parts of at most 512"
        );
        // The first part and the last lose a customer each.
        rename_customer(conn, ids[3], "Northwind Traders").unwrap();
        rename_customer(conn, ids[590], "Woodgrove Bank").unwrap();
        let (lists, columns) = listed(conn);
        assert_eq!(lists, columns);
        let found = |name: &str| candidate_ids(conn, name);
        assert!(found("Northwind Traders Inc").contains(&ids[3]));
        assert!(found("Woodgrove Bank").contains(&ids[590]));
        assert!(!found("Woodgrove Bank").contains(&ids[3]));
        let by_old = format!("{} Foods Trading", word(590));
        assert!(!found(&by_old).contains(&ids[590]));
        assert!(found(&by_old).contains(&ids[589]));
        // Written again from the columns: the same customers under each key.
        rebuild_key_lists(conn).unwrap();
        assert_eq!(listed(conn).0, lists);
    }
}
