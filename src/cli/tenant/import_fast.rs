//! The two common imports done without staging the feed: a feed into an
//! empty database, and a feed that changes nothing. Each reads the file on
//! a second thread while the store works, and gives up (returns `None`,
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
use crate::store::feed::{self, WordCounts};
use crate::store::Store;
use indicatif::ProgressBar;
use std::path::Path;
use std::sync::mpsc::{sync_channel, Receiver};

/// Rows travel between the threads in batches of this many.
const BATCH: usize = 2048;

enum Msg {
    Rows(Vec<(Row, Option<StoredKeys>)>),
    /// The file was read to its end: every row was sent.
    Done,
    /// After `Done`, the word counts of the names keyed (how many, and the
    /// words in order), sorted while the store builds its indexes.
    Words(WordCounts),
    /// Something only the general path handles.
    GiveUp,
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
    let mut store = ctx.open_store()?;
    let got = if !feed::is_empty(store.db())? {
        unchanged(ctx, &mut store, path, a, bar.clone())?
    } else if ctx.server.is_some() {
        fresh_on_server(ctx, &mut store, path, a, bar.clone())?
    } else {
        fresh(ctx, &mut store, path, a, bar.clone())?
    };
    if got.is_none() {
        if let Some(b) = bar {
            b.set_position(0);
        }
    }
    Ok(got)
}

/// Read the feed at `path` (named in messages as `a` gives it) on a
/// thread: valid rows in batches, then `Done` and the `Words`, or `GiveUp`
/// at the first record that is not a valid row. With `keyed`, a
/// row whose customer is not the previous row's (another TPID or name)
/// comes with that customer's name keys, worked out here rather than by
/// the store's thread, which has more to do (see `feed::FreshLoad::add`).
fn read(path: &Path, a: &ImportArgs, bar: Option<ProgressBar>, keyed: bool) -> Receiver<Msg> {
    let (tx, rx) = sync_channel(8);
    let path = path.to_path_buf();
    let name = a.file.display().to_string();
    std::thread::spawn(move || {
        let reader = std::fs::File::open(&path)
            .ok()
            .and_then(|f| FeedReader::new(f, &name, bar).ok());
        let Some(mut reader) = reader else {
            let _ = tx.send(Msg::GiveUp);
            return;
        };
        let mut batch = Vec::with_capacity(BATCH);
        let mut last: Option<(i64, String)> = None;
        // Counted here too: the store's thread is the busy one.
        // Room for a feed of some 100,000 customers' words from the start:
        // growing the table by doubling rehashes every word again.
        let mut weights = Weights::with_capacity(1 << 16);
        loop {
            match reader.next_record() {
                Ok(Some(Record::Row(_, row))) => {
                    let new_customer = keyed
                        && last
                            .as_ref()
                            .is_none_or(|(tpid, name)| *tpid != row.tpid || *name != row.customer);
                    let keys = new_customer.then(|| {
                        last = Some((row.tpid, row.customer.clone()));
                        let k = NameKeys::of(&row.customer);
                        weights.add(&k);
                        StoredKeys::from(k)
                    });
                    batch.push((row, keys));
                    if batch.len() == BATCH {
                        let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
                        if tx.send(Msg::Rows(full)).is_err() {
                            return; // the store side gave up
                        }
                    }
                }
                Ok(None) => {
                    let _ = tx.send(Msg::Rows(batch));
                    let _ = tx.send(Msg::Done);
                    // Sorted here, while the store's thread builds its
                    // indexes: it writes them in order.
                    let _ = tx.send(Msg::Words((weights.names, weights.sorted_counts())));
                    return;
                }
                Ok(Some(Record::Bad(..))) | Err(_) => {
                    let _ = tx.send(Msg::GiveUp);
                    return;
                }
            }
        }
    });
    rx
}

/// Feed every row to `each` until the end (`true`), or until the reader or
/// `each` gives up (`false`). A reader that stops without saying `Done`
/// has failed: that is giving up too, never a short import.
fn each_row(
    rx: &Receiver<Msg>,
    mut each: impl FnMut(Row, Option<StoredKeys>) -> Result<bool>,
) -> Result<bool> {
    loop {
        match rx.recv() {
            Ok(Msg::Rows(rows)) => {
                for (row, keys) in rows {
                    if !each(row, keys)? {
                        return Ok(false);
                    }
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
    path: &Path,
    a: &ImportArgs,
    bar: Option<ProgressBar>,
) -> Result<Option<Summary>> {
    // Bounded caches and heap: memory stays flat however large the feed
    // (the page cache also bounds the sorter that builds the indexes).
    store.bound_caches(16)?;
    let bulk = store.begin_bulk_journal()?;
    // Foreign keys off for the load; `FreshLoad::add` checks them.
    store.conn.pragma_update(None, "foreign_keys", "OFF")?;
    let got = fresh_load(ctx, store, path, a, bar);
    store.conn.pragma_update(None, "foreign_keys", "ON")?;
    if bulk {
        store.end_bulk_journal()?;
    }
    got
}

fn fresh_load(
    ctx: &Ctx,
    store: &mut Store,
    path: &Path,
    a: &ImportArgs,
    bar: Option<ProgressBar>,
) -> Result<Option<Summary>> {
    let tx = store.write()?;
    if !feed::is_empty(tx.db())? {
        return Ok(None); // another process got there first
    }
    let mut sum = Summary::nothing_yet(a);
    let rx = read(path, a, bar, true);
    let mut load = feed::FreshLoad::begin(&tx, &ctx.stamp(), a.source)?;
    let whole = each_row(&rx, |row, customer| {
        sum.count_new(ctx, a, &row);
        load.add(row, customer)?;
        Ok(true)
    })?;
    if !whole || !load.finish(|| word_counts(&rx))? {
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
    path: &Path,
    a: &ImportArgs,
    bar: Option<ProgressBar>,
) -> Result<Option<Summary>> {
    let tx = store.write()?;
    let Some(mut load) = feed::ServerLoad::begin(tx.db(), &ctx.stamp(), a.source)? else {
        return Ok(None);
    };
    let mut sum = Summary::nothing_yet(a);
    let rx = read(path, a, bar, true);
    let whole = load.tenants(|put| {
        each_row(&rx, |row, customer| {
            sum.count_new(ctx, a, &row);
            put(row, customer)
        })
    })?;
    // Given up: dropping the transaction rolls the load back.
    if !whole || !load.finish(|| word_counts(&rx))? {
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
    path: &Path,
    a: &ImportArgs,
    bar: Option<ProgressBar>,
) -> Result<Option<Summary>> {
    let tx = store.read()?;
    let rx = read(path, a, bar, false);
    let Some(mut images) = feed::images(tx.db())? else {
        return Ok(None);
    };
    let mut sum = Summary::nothing_yet(a);
    let whole = each_row(&rx, |row, _| {
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
