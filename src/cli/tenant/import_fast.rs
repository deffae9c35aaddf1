//! The two common imports done without staging the feed: a feed into an
//! empty database, and a feed that changes nothing. Each reads the file on
//! a second thread while the store works (into an empty database, a third
//! keys the customers' names between them), and gives up (returns `None`,
//! having written nothing) as soon as the feed needs the general path in
//! `import.rs`: an invalid or unreadable row, a repeated tenant ID or
//! domain, a row that would change something. The general path then reads
//! the file again and reports exactly what it finds. Standard input always
//! takes the general path (it cannot be read twice).

use super::import::{eligible, FeedReader, ImportArgs, Record, Summary};
use crate::cli::Ctx;
use crate::domain::feed::{fingerprint, Row};
use crate::domain::names::{NameKeys, StoredKeys, Weights};
use crate::error::Result;
use crate::store::customers::{KeyLists, ListRows};
use crate::store::feed::{self, WordCounts};
use crate::store::Store;
use indicatif::ProgressBar;
use std::path::Path;
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};

/// Rows travel between the threads in batches of this many.
const BATCH: usize = 2048;

enum Msg {
    Rows(Vec<(Row, Option<StoredKeys>)>),
    /// From a keyer with lists (see `keyed`), the IDs of the customers
    /// keyed so far by name key, ready to write: whenever the keyer holds
    /// many (memory stays flat however large the feed), and the last
    /// before `Done`.
    Lists(ListRows),
    /// The file was read to its end: every row was sent.
    Done,
    /// After `Done`, the word counts of the names keyed (how many, and the
    /// words in order), sorted while the store builds its indexes.
    Words(WordCounts),
    /// Something only the general path handles.
    GiveUp,
}

/// What `each_row` hands on.
enum Item {
    Row(Row, Option<StoredKeys>),
    Lists(ListRows),
}

/// Import `path` by a fast path when one applies; `None` when the general
/// path must do it (nothing written then).
pub fn import(
    ctx: &Ctx,
    path: &Path,
    a: &ImportArgs,
    bar: Option<ProgressBar>,
) -> Result<Option<Summary>> {
    // A file only (a stream goes the general way).
    if !path.is_file() {
        return Ok(None);
    }
    // The file is read from the start, while the store opens (a new
    // database's schema is made meanwhile).
    let rows = read(path, a, bar.clone());
    let mut store = ctx.open_store()?;
    let got = if !feed::is_empty(store.db())? {
        unchanged(ctx, &mut store, &rows, a)?
    } else if ctx.server.is_some() {
        // The server keeps no key lists (it indexes the key columns).
        fresh_on_server(ctx, &mut store, &keyed(rows, false), a)?
    } else {
        fresh(ctx, &mut store, &keyed(rows, true), a)?
    };
    if got.is_none() {
        if let Some(b) = bar {
            b.set_position(0);
        }
    }
    Ok(got)
}

/// Read the feed at `path` (named in messages as `a` gives it) on a
/// thread: valid rows in batches, then `Done`, or `GiveUp` at the first
/// record that is not a valid row.
fn read(path: &Path, a: &ImportArgs, bar: Option<ProgressBar>) -> Receiver<Msg> {
    let (tx, rx) = sync_channel(8);
    let path = path.to_path_buf();
    let name = a.file.display().to_string();
    std::thread::spawn(move || {
        let send = |m: Msg| tx.send(m).is_ok();
        let reader = std::fs::File::open(&path)
            .ok()
            .and_then(|f| FeedReader::new(f, &name, bar).ok());
        let Some(mut reader) = reader else {
            send(Msg::GiveUp);
            return;
        };
        let mut batch = Vec::with_capacity(BATCH);
        loop {
            match reader.next_record() {
                Ok(Some(Record::Row(_, row))) => {
                    batch.push((row, None));
                    if batch.len() == BATCH {
                        let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
                        if !send(Msg::Rows(full)) {
                            return; // the store side gave up
                        }
                    }
                }
                Ok(None) => {
                    send(Msg::Rows(batch));
                    send(Msg::Done);
                    return;
                }
                Ok(Some(Record::Bad(..))) | Err(_) => {
                    send(Msg::GiveUp);
                    return;
                }
            }
        }
    });
    rx
}

/// The rows `read` gives, each whose customer is not the previous row's
/// (another TPID or name) with that customer's name keys, then after
/// `Done` the `Words`; with `lists`, the key lists a file keeps too (see
/// `Msg::Lists`). Worked out on a thread of its own, between the reader
/// and the store: the store's thread has enough to do.
fn keyed(rows: Receiver<Msg>, lists: bool) -> Receiver<Msg> {
    let (tx, rx) = sync_channel(8);
    std::thread::spawn(move || key(&rows, &tx, lists));
    rx
}

/// What `keyed` does: key the name of each row whose customer is not the
/// previous row's, count the words of the names keyed and, with `lists`,
/// list the customers by name key; after `Done`, send the word counts.
fn key(from_reader: &Receiver<Msg>, to_store: &SyncSender<Msg>, lists: bool) {
    let mut last: Option<(i64, String)> = None;
    let mut listed = KeyLists::default();
    // Room for a feed of some 100,000 customers' words from the start:
    // growing the table by doubling rehashes every word again.
    let mut weights = Weights::with_capacity(1 << 16);
    while let Ok(m) = from_reader.recv() {
        let m = match m {
            Msg::Rows(mut rows) => {
                for (row, keys) in &mut rows {
                    let new_customer = last
                        .as_ref()
                        .is_none_or(|(tpid, name)| *tpid != row.tpid || *name != row.customer);
                    if new_customer {
                        last = Some((row.tpid, row.customer.clone()));
                        let k = NameKeys::of(&row.customer);
                        weights.add(&k);
                        let k = StoredKeys::from(k);
                        if lists {
                            listed.add(row.tpid, &k);
                        }
                        *keys = Some(k);
                    }
                }
                if !listed.is_full() {
                    Msg::Rows(rows)
                } else if to_store.send(Msg::Rows(rows)).is_ok() {
                    Msg::Lists(listed.take_rows())
                } else {
                    return; // the store side gave up
                }
            }
            Msg::Done => {
                if lists {
                    let _ = to_store.send(Msg::Lists(listed.take_rows()));
                }
                let _ = to_store.send(Msg::Done);
                // Sorted here, while the store's thread builds its
                // indexes: it writes them in order.
                let _ = to_store.send(Msg::Words((weights.names, weights.sorted_counts())));
                return;
            }
            other => other,
        };
        if to_store.send(m).is_err() {
            return; // the store side gave up
        }
    }
}

/// Feed every row (and key list) to `each` until the end (`true`), or
/// until the reader or `each` gives up (`false`). A reader that stops
/// without saying `Done` has failed: that is giving up too, never a short
/// import.
fn each_row(rx: &Receiver<Msg>, mut each: impl FnMut(Item) -> Result<bool>) -> Result<bool> {
    loop {
        match rx.recv() {
            Ok(Msg::Rows(rows)) => {
                for (row, keys) in rows {
                    if !each(Item::Row(row, keys))? {
                        return Ok(false);
                    }
                }
            }
            Ok(Msg::Lists(lists)) => {
                if !each(Item::Lists(lists))? {
                    return Ok(false);
                }
            }
            Ok(Msg::Done) => return Ok(true),
            Ok(Msg::Words(_)) | Ok(Msg::GiveUp) | Err(_) => return Ok(false),
        }
    }
}

/// The reader's word counts, after `each_row` saw every row (`None`: the
/// reader failed).
fn word_counts(rx: &Receiver<Msg>) -> Option<WordCounts> {
    match rx.recv() {
        Ok(Msg::Words(counts)) => Some(counts),
        _ => None,
    }
}

/// An empty database: load the rows as they come, the unique indexes built
/// once at the end, in a rollback journal when the database is ours alone.
fn fresh(
    ctx: &Ctx,
    store: &mut Store,
    rx: &Receiver<Msg>,
    a: &ImportArgs,
) -> Result<Option<Summary>> {
    // Bounded caches and heap: memory stays flat however large the feed
    // (the page cache also bounds the sorter that builds the indexes).
    store.bound_caches(16)?;
    let bulk = store.begin_bulk_journal()?;
    // Foreign keys off for the load; `FreshLoad::add` checks them.
    store.conn.pragma_update(None, "foreign_keys", "OFF")?;
    let got = fresh_load(ctx, store, rx, a);
    store.conn.pragma_update(None, "foreign_keys", "ON")?;
    if bulk {
        store.end_bulk_journal()?;
    }
    got
}

fn fresh_load(
    ctx: &Ctx,
    store: &mut Store,
    rx: &Receiver<Msg>,
    a: &ImportArgs,
) -> Result<Option<Summary>> {
    let tx = store.write()?;
    if !feed::is_empty(tx.db())? {
        return Ok(None); // another process got there first
    }
    let mut sum = Summary::nothing_yet(a);
    let mut load = feed::FreshLoad::begin(&tx, &ctx.stamp(), a.source)?;
    let whole = each_row(rx, |item| {
        match item {
            Item::Row(row, customer) => {
                sum.count_new(ctx, a, &row);
                load.add(row, customer)?;
            }
            Item::Lists(lists) => load.write_lists(lists)?,
        }
        Ok(true)
    })?;
    if !whole || !load.finish(|| word_counts(rx))? {
        return Ok(None);
    }
    tx.end(a.dry_run)?;
    Ok(Some(sum))
}

/// The server's empty tables, loaded by their owner (see
/// `feed::ServerLoad`); any other server import takes the general path.
fn fresh_on_server(
    ctx: &Ctx,
    store: &mut Store,
    rx: &Receiver<Msg>,
    a: &ImportArgs,
) -> Result<Option<Summary>> {
    let tx = store.write()?;
    let Some(mut load) = feed::ServerLoad::begin(tx.db(), &ctx.stamp(), a.source)? else {
        return Ok(None);
    };
    let mut sum = Summary::nothing_yet(a);
    let whole = load.tenants(|put| {
        each_row(rx, |item| match item {
            Item::Row(row, customer) => {
                sum.count_new(ctx, a, &row);
                put(row, customer)
            }
            Item::Lists(_) => Ok(true),
        })
    })?;
    // Given up: dropping the transaction rolls the load back.
    if !whole || !load.finish(|| word_counts(rx))? {
        return Ok(None);
    }
    tx.end(a.dry_run)?;
    Ok(Some(sum))
}

impl Summary {
    /// The summary of an import of `a` before its first row.
    fn nothing_yet(a: &ImportArgs) -> Summary {
        Summary {
            dry_run: a.dry_run,
            ..Default::default()
        }
    }

    /// Count a new tenant's row (and whether it is eligible).
    fn count_new(&mut self, ctx: &Ctx, a: &ImportArgs, row: &Row) {
        self.inserted += 1;
        if !eligible(ctx, a, row.seats) {
            self.ineligible += 1;
        }
    }
}

/// A database with tenants: the feed imports as the general path would
/// only if every row is one of them, once, saying what it holds already.
/// Nothing is written then, so this reads one snapshot and writes nothing.
fn unchanged(
    ctx: &Ctx,
    store: &mut Store,
    rx: &Receiver<Msg>,
    a: &ImportArgs,
) -> Result<Option<Summary>> {
    let tx = store.read()?;
    let Some(mut images) = feed::images(tx.db())? else {
        return Ok(None);
    };
    let mut sum = Summary::nothing_yet(a);
    let whole = each_row(rx, |item| {
        let Item::Row(row, _) = item else {
            return Ok(true); // no key lists come unkeyed
        };
        let Some(image) = images.get_mut(&fingerprint(row.tenant_id.as_str())) else {
            return Ok(false); // a new tenant
        };
        if image.seen || !image.matches(&row) {
            return Ok(false); // a repeat, or a change
        }
        image.seen = true;
        sum.unchanged += 1;
        if !eligible(ctx, a, row.seats) {
            sum.ineligible += 1;
        }
        Ok(true)
    })?;
    drop(tx);
    Ok(whole.then_some(sum))
}
