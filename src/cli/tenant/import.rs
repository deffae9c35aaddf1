//! `ftc tenant import`: the commerce feed, streamed into one transaction.

use crate::cli::customer::similar_customers;
use crate::cli::Ctx;
use crate::domain::dedupe::{Index, Named};
use crate::domain::feed::{parse_header, Header};
use crate::domain::names::{Match, NameKeys, Reason, Weights, DEFAULT_THRESHOLD};
use crate::domain::tenant::{is_eligible, Source};
use crate::error::{invalid, Failure, Result};
use crate::render;
use crate::store::customers::{list_keyed_customers, KeyedCustomer};
use crate::store::feed;
use crate::store::history::record;
use crate::store::suspects;
use crate::store::tenants::customer_fms;
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use serde::Serialize;
use std::cell::RefCell;
use std::io::{BufReader, Read, Write};
use std::path::PathBuf;
use std::rc::Rc;

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The feed: CSV with a header row (tenant_id, domain, customer, tpid, region, seats;
    /// managed and country optional). `-` reads standard input.
    pub file: PathBuf,
    /// The source recorded on new tenants
    #[arg(long, value_enum, default_value = "commerce")]
    pub source: Source,
    /// Import the valid rows and report the invalid ones (default: one bad row refuses the file)
    #[arg(long)]
    pub skip_invalid: bool,
    /// Check and count everything, write nothing
    #[arg(short = 'n', long)]
    pub dry_run: bool,
}

#[derive(Debug, Serialize)]
pub struct Rejected {
    pub line: u64,
    pub error: String,
}

#[derive(Debug, Default, Serialize)]
pub struct Summary {
    pub inserted: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub rejected: Vec<Rejected>,
    pub ineligible: u64,
    /// New customers whose name looks like an existing customer's: imported,
    /// and on the agenda of the matched customer's FM.
    pub suspects: Vec<Suspect>,
    pub dry_run: bool,
}

/// A suspected duplicate the feed brought in.
#[derive(Debug, Serialize)]
pub struct Suspect {
    pub line: u64,
    pub domain: String,
    pub customer: String,
    pub matches: Vec<SuspectMatch>,
}

#[derive(Debug, Serialize)]
pub struct SuspectMatch {
    pub customer: String,
    pub tpid: Option<i64>,
    pub fm: Option<String>,
    pub score: f64,
    pub reason: Reason,
    /// The words the two names share, and those only one has.
    pub matched: Vec<String>,
    pub differed: Vec<String>,
    /// The same, in words.
    pub why: String,
}

/// Above this many new customers, the existing ones are read once and
/// indexed in memory instead of looked up name by name.
const LOOKUPS_UP_TO: usize = 64;

/// Run the duplicate check (rule 4.6) for every customer the import
/// created against the customers that were there before it, and record
/// each suspect (the tenant stays with its new customer, flagged).
fn check_new_customers(ctx: &Ctx, tx: crate::store::sql::Db, before: i64) -> Result<Vec<Suspect>> {
    // Into an empty database, nothing was there to be duplicated.
    if before == 0 {
        return Ok(Vec::new());
    }
    let new = suspects::new_customers(tx, before)?;
    if new.is_empty() {
        return Ok(Vec::new());
    }
    let found: Vec<Vec<(KeyedCustomer, Match)>> = if new.len() <= LOOKUPS_UP_TO {
        new.iter()
            .map(|n| {
                Ok(similar_customers(tx, &n.name, DEFAULT_THRESHOLD)?
                    .into_iter()
                    .filter(|(c, _)| c.id <= before)
                    .collect())
            })
            .collect::<Result<_>>()?
    } else {
        let old: Vec<KeyedCustomer> = list_keyed_customers(tx)?
            .into_iter()
            .filter(|c| c.id <= before)
            .collect();
        let weights = Weights::count(old.iter().map(|c| &c.keys));
        let named: Vec<Named> = old
            .iter()
            .map(|c| Named {
                id: c.id,
                keys: &c.keys,
            })
            .collect();
        let index = Index::new(&named);
        new.iter()
            .map(|n| {
                index
                    .matches(&NameKeys::of(&n.name), DEFAULT_THRESHOLD, &weights)
                    .into_iter()
                    .map(|(i, m)| (old[i].clone(), m))
                    .collect()
            })
            .collect()
    };
    let mut out = Vec::new();
    for (n, matches) in new.iter().zip(found) {
        // A customer left with no tenants (its tenants moved by hand) is
        // nobody's to work: no suspicion points at it (as `tenant dupes`).
        let mut kept = Vec::with_capacity(matches.len());
        for (c, m) in matches {
            if suspects::has_tenants(tx, c.id)? {
                kept.push((c, m));
            }
        }
        let matches = kept;
        if matches.is_empty() {
            continue;
        }
        let mut views = Vec::new();
        for (c, m) in &matches {
            suspects::insert_suspect(
                tx,
                &suspects::NewSuspect {
                    tenant_id: n.tenant_id,
                    customer_id: c.id,
                    score: m.score,
                    reason: m.reason.as_str(),
                    matched: &m.matched,
                    differed: &m.differed,
                    on: ctx.today,
                },
            )?;
            views.push(SuspectMatch {
                customer: c.name.clone(),
                tpid: c.tpid,
                fm: customer_fms(tx, c.id)?.into_iter().next(),
                score: m.score,
                reason: m.reason,
                matched: m.matched.clone(),
                differed: m.differed.clone(),
                why: m.why(),
            });
        }
        record(
            tx,
            &ctx.stamp(),
            Some(n.tenant_id),
            "tenant.suspect",
            &format!(
                "suspected duplicate: customer {} looks like {}",
                n.name,
                views
                    .iter()
                    .map(|v| format!("{} ({} {})", v.customer, v.reason.as_str(), v.score))
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
        )?;
        out.push(Suspect {
            line: n.line,
            domain: n.domain.clone(),
            customer: n.name.clone(),
            matches: views,
        });
    }
    Ok(out)
}

pub fn run(ctx: &Ctx, out: &mut dyn Write, a: ImportArgs) -> Result<()> {
    let stdin = a.file.as_os_str() == "-";
    if !stdin {
        // The file and its header first: a feed that cannot be read, or has
        // no header, is refused before the database is opened (or created).
        let f = std::fs::File::open(&a.file)
            .map_err(|e| invalid(format!("cannot read {}: {e}", a.file.display())))?;
        FeedReader::new(f, &a.file.display().to_string(), None)?;
        let size = std::fs::metadata(&a.file).ok().map(|m| m.len());
        let bar = progress(ctx, size);
        let fast = super::import_fast::import(ctx, &a.file, &a, bar.clone())?;
        if let Some(b) = bar {
            b.finish_and_clear();
        }
        if let Some(sum) = fast {
            return report(ctx, out, &a.file.display().to_string(), sum, false);
        }
    }
    let (input, size): (Box<dyn Read>, Option<u64>) = if stdin {
        (Box::new(std::io::stdin().lock()), None)
    } else {
        let f = std::fs::File::open(&a.file)
            .map_err(|e| invalid(format!("cannot read {}: {e}", a.file.display())))?;
        let size = f.metadata().ok().map(|m| m.len());
        (Box::new(f), size)
    };
    import_from(ctx, out, input, size, &a)
}

/// Import a feed from any reader (the demo feeds its built-in fixtures
/// here): the general path, which stages every row and applies them in bulk.
pub fn import_from(
    ctx: &Ctx,
    out: &mut dyn Write,
    input: Box<dyn Read>,
    size: Option<u64>,
    a: &ImportArgs,
) -> Result<()> {
    let name = a.file.display().to_string();
    let bar = progress(ctx, size);
    let mut feed_reader = FeedReader::new(input, &name, bar.clone())?;
    let mut store = ctx.open_store()?;
    // Bounded page caches and a soft heap limit: memory stays flat however
    // large the feed (measured in bench/: 100,000 and 1,000,000 rows).
    store.bound_caches(32)?;
    let tx = store.write()?;
    feed::begin_staging(tx.db())?;
    feed::stage(tx.db(), || feed_reader.next_record())?;
    feed::check_repeats(tx.db())?;
    feed::check_against_database(tx.db())?;
    let rejected: Vec<Rejected> = feed::rejected(tx.db())?
        .into_iter()
        .map(|(line, error)| Rejected { line, error })
        .collect();
    let strict_failure = !a.skip_invalid && !rejected.is_empty();
    let mut sum = Summary {
        rejected,
        dry_run: a.dry_run,
        ..Default::default()
    };
    if !strict_failure {
        sum.ineligible = feed::count_staged_seats(tx.db(), |s| eligible(ctx, a, s))?;
        let done = feed::apply(tx.db(), &ctx.stamp(), a.source)?;
        sum.inserted = done.inserted;
        sum.updated = done.updated;
        sum.unchanged = done.unchanged;
        sum.suspects = check_new_customers(ctx, tx.db(), done.customers_before)?;
    }
    feed::end_staging(tx.db())?;
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    tx.end(strict_failure || a.dry_run)?;
    report(ctx, out, &name, sum, strict_failure)
}

/// Whether a feed row with `seats` is eligible (the summary counts the
/// others).
pub(super) fn eligible(ctx: &Ctx, a: &ImportArgs, seats: i64) -> bool {
    is_eligible(a.source, Some(seats), ctx.config.eligibility.min_seats)
}

/// Tell the user what the import did (or refuse a strict import with
/// invalid rows: exit 2, nothing written).
fn report(
    ctx: &Ctx,
    out: &mut dyn Write,
    name: &str,
    sum: Summary,
    strict_failure: bool,
) -> Result<()> {
    if strict_failure {
        if !ctx.is_table() {
            render::one(out, ctx.style, &sum)?;
        }
        return Err(invalid_rows(name, &sum.rejected));
    }
    if sum.dry_run {
        ctx.say("dry run: nothing was written");
    }
    for r in &sum.rejected {
        ctx.say(&format!("skipped line {}: {}", r.line, r.error));
    }
    for x in &sum.suspects {
        let m = &x.matches[0];
        ctx.say(&format!(
            "suspected duplicate, line {}: {} ({}) looks like {} (TPID {}, FM {}): {} {} ({}){}",
            x.line,
            x.customer,
            x.domain,
            m.customer,
            m.tpid.map_or("unknown".into(), |t| t.to_string()),
            m.fm.as_deref().unwrap_or("none"),
            m.reason.as_str(),
            m.score,
            m.why,
            if x.matches.len() > 1 {
                format!(" (+{} more)", x.matches.len() - 1)
            } else {
                String::new()
            }
        ));
    }
    if !sum.suspects.is_empty() {
        ctx.say("hint: `ftc tenant set TENANT --customer TPID` joins the existing customer; `--not-duplicate` records it was checked");
    }
    if ctx.is_table() {
        // A person reads the words once, in `why`.
        let mut v = serde_json::to_value(&sum)?;
        for x in v["suspects"].as_array_mut().into_iter().flatten() {
            for m in x["matches"].as_array_mut().into_iter().flatten() {
                if let Some(o) = m.as_object_mut() {
                    o.remove("matched");
                    o.remove("differed");
                }
            }
        }
        return render::one(out, ctx.style, &v);
    }
    render::one(out, ctx.style, &sum)
}

/// The refusal of a feed with invalid rows (strict, exit 2): each line
/// and why, the first 50 of them.
pub(crate) fn invalid_rows(name: &str, rejected: &[Rejected]) -> anyhow::Error {
    let listed: Vec<String> = rejected
        .iter()
        .take(50)
        .map(|r| format!("  line {}: {}", r.line, r.error))
        .collect();
    let mut msg = format!(
        "{name} has {} invalid row{}; nothing was imported\n{}",
        rejected.len(),
        if rejected.len() == 1 { "" } else { "s" },
        listed.join("\n")
    );
    let more = rejected.len().saturating_sub(50);
    if more > 0 {
        msg.push_str(&format!("\n  ... and {more} more (see --format json)"));
    }
    Failure {
        code: crate::error::Code::Invalid,
        message: msg,
        hint: None,
    }
    .with_hint("fix those rows, or pass --skip-invalid to import the valid ones")
    .into()
}

pub use crate::domain::feed::Record;

/// The feed's records in order, with the line each starts on, read from a
/// stream in constant memory.
pub struct FeedReader<R: Read> {
    rdr: csv::Reader<BufReader<LineTracker<R>>>,
    lines: Rc<RefCell<Lines>>,
    header: Header,
    rec: csv::ByteRecord,
    name: String,
    bar: Option<ProgressBar>,
    n: u64,
}

impl<R: Read> FeedReader<R> {
    /// Read up to and including the header (invalid: exit 2).
    pub fn new(input: R, name: &str, bar: Option<ProgressBar>) -> Result<Self> {
        // The csv crate counts lines from the end of the previous record,
        // which is wrong after blank lines and with CRLF; count line breaks
        // ourselves.
        let lines = Rc::new(RefCell::new(Lines::default()));
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .buffer_capacity(1 << 16)
            .from_reader(BufReader::with_capacity(
                1 << 16,
                LineTracker::new(input, lines.clone()),
            ));
        let mut rec = csv::ByteRecord::new();
        // The header is the first line that is not blank: the csv crate
        // skips empty lines only, and a line of spaces before the header
        // used to be read as a header without columns.
        loop {
            let got = rdr
                .read_byte_record(&mut rec)
                .map_err(|e| csv_failure(name, e))?;
            if !got {
                return Err(
                    invalid(format!("{name} is empty: the feed needs a header row")).into(),
                );
            }
            if !is_blank(&rec) {
                break;
            }
        }
        let header_line = rec
            .position()
            .map_or(1, |p| lines.borrow_mut().line_of(p.byte()));
        let head: Vec<String> = rec
            .iter()
            .map(|f| String::from_utf8_lossy(f).into_owned())
            .collect();
        let head_refs: Vec<&str> = head.iter().map(String::as_str).collect();
        let header = parse_header(&head_refs)
            .map_err(|e| invalid(format!("{name}, line {header_line}: {e}")))?;
        Ok(FeedReader {
            rdr,
            lines,
            header,
            rec,
            name: name.to_string(),
            bar,
            n: 0,
        })
    }

    /// The next record, `None` at the end; an error only when the file
    /// cannot be read.
    pub fn next_record(&mut self) -> Result<Option<Record>> {
        loop {
            match self.rdr.read_byte_record(&mut self.rec) {
                Ok(false) => return Ok(None),
                Ok(true) => {}
                Err(e) => {
                    if matches!(e.kind(), csv::ErrorKind::Io(_)) {
                        return Err(csv_failure(&self.name, e).into());
                    }
                    // A broken record (e.g. bad quoting): report it and go on.
                    let line = e
                        .position()
                        .map_or(0, |p| self.lines.borrow_mut().line_of(p.byte()));
                    return Ok(Some(Record::Bad(line, format!("unreadable CSV: {e}"))));
                }
            }
            let line = self
                .rec
                .position()
                .map_or(0, |p| self.lines.borrow_mut().line_of(p.byte()));
            self.n += 1;
            if self.n.is_multiple_of(4096) {
                if let (Some(b), Some(p)) = (&self.bar, self.rec.position()) {
                    b.set_position(p.byte());
                }
            }
            if is_blank(&self.rec) {
                continue;
            }
            let fields: Vec<Option<&str>> = self
                .rec
                .iter()
                .map(|f| std::str::from_utf8(f).ok())
                .collect();
            return Ok(Some(match self.header.parse_row(&fields) {
                Ok(row) => Record::Row(line, row),
                Err(error) => Record::Bad(line, error),
            }));
        }
    }
}

/// A line with nothing on it but spaces (and a byte-order mark).
fn is_blank(rec: &csv::ByteRecord) -> bool {
    rec.len() == 1
        && rec.get(0).is_some_and(|f| {
            f.strip_prefix(b"\xef\xbb\xbf")
                .unwrap_or(f)
                .iter()
                .all(u8::is_ascii_whitespace)
        })
}

fn progress(ctx: &Ctx, size: Option<u64>) -> Option<ProgressBar> {
    if !ctx.stderr_is_terminal {
        return None;
    }
    let bar = match size {
        Some(s) => ProgressBar::new(s).with_style(
            ProgressStyle::with_template("importing {bar:40} {bytes}/{total_bytes} ({eta})")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        ),
        None => ProgressBar::new_spinner(),
    };
    Some(bar)
}

fn csv_failure(name: &str, e: csv::Error) -> Failure {
    let line = e.position().map(|p| p.line());
    match line {
        Some(l) => invalid(format!("{name}, line {l}: {e}")),
        None => invalid(format!("{name}: {e}")),
    }
}

/// Where the non-blank lines read so far start, with their line numbers,
/// to turn a record's byte offset into the line it starts on. The csv
/// crate's own count is off after blank lines and with CRLF, and its record
/// offset can point at the blank lines before a record, so a record starts
/// on the first non-blank line at or after its offset. Entries are dropped
/// once passed, so memory stays flat.
#[derive(Default)]
pub(crate) struct Lines {
    starts: std::collections::VecDeque<(u64, u64)>,
}

impl Lines {
    /// The 1-based line of the record whose bytes start at `offset`
    /// (offsets must not go back).
    pub(crate) fn line_of(&mut self, offset: u64) -> u64 {
        while self.starts.front().is_some_and(|&(at, _)| at < offset) {
            self.starts.pop_front();
        }
        self.starts.front().map_or(0, |&(_, line)| line)
    }
}

/// A CSV reader (no header handling, flexible rows) over `input` that
/// knows the line each record starts on: `lines.borrow_mut().line_of(byte)`
/// of a record's position.
pub(crate) fn tracked_csv<R: Read>(
    input: R,
) -> (csv::Reader<BufReader<LineTracker<R>>>, Rc<RefCell<Lines>>) {
    let lines = Rc::new(RefCell::new(Lines::default()));
    let rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .buffer_capacity(1 << 16)
        .from_reader(BufReader::with_capacity(
            1 << 16,
            LineTracker::new(input, lines.clone()),
        ));
    (rdr, lines)
}

/// A reader that notes where each non-blank line starts.
pub(crate) struct LineTracker<R> {
    inner: R,
    offset: u64,
    line: u64,
    at_line_start: bool,
    /// The last byte read was a CR: a LF right after it ends the same line.
    after_cr: bool,
    lines: Rc<RefCell<Lines>>,
}

impl<R> LineTracker<R> {
    fn new(inner: R, lines: Rc<RefCell<Lines>>) -> Self {
        LineTracker {
            inner,
            offset: 0,
            line: 1,
            at_line_start: true,
            after_cr: false,
            lines,
        }
    }
}

impl<R: Read> Read for LineTracker<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let mut lines = self.lines.borrow_mut();
        let mut i = 0;
        while i < n {
            let b = buf[i];
            // A line ends at LF, CRLF or a lone CR, as the csv crate ends
            // records: otherwise a record after a lone CR (an old Mac file)
            // had no line to start on and was reported as line 0.
            if b == b'\n' || b == b'\r' {
                if !(b == b'\n' && self.after_cr) {
                    self.line += 1;
                    self.at_line_start = true;
                }
                self.after_cr = b == b'\r';
                i += 1;
                continue;
            }
            if self.at_line_start {
                lines.starts.push_back((self.offset + i as u64, self.line));
                self.at_line_start = false;
            }
            self.after_cr = false;
            // The rest of the line has no break to look at.
            i = memchr::memchr2(b'\n', b'\r', &buf[i..n]).map_or(n, |k| i + k);
        }
        self.offset += n as u64;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Gives the input back a few bytes at a time, so a CR can end one
    /// read and its LF start the next.
    struct Chunked<'a> {
        data: &'a [u8],
        sizes: std::iter::Cycle<std::vec::IntoIter<usize>>,
    }

    impl Read for Chunked<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = self
                .sizes
                .next()
                .unwrap_or(1)
                .min(buf.len())
                .min(self.data.len());
            buf[..n].copy_from_slice(&self.data[..n]);
            self.data = &self.data[n..];
            Ok(n)
        }
    }

    /// Where each non-blank line starts and its number, byte by byte: LF,
    /// CRLF and a lone CR each end a line.
    fn starts_by_hand(data: &[u8]) -> Vec<(u64, u64)> {
        let (mut line, mut at_start, mut after_cr) = (1, true, false);
        let mut starts = Vec::new();
        for (i, &b) in data.iter().enumerate() {
            match b {
                b'\n' if after_cr => {}
                b'\n' | b'\r' => {
                    line += 1;
                    at_start = true;
                }
                _ if at_start => {
                    starts.push((i as u64, line));
                    at_start = false;
                }
                _ => {}
            }
            after_cr = b == b'\r';
        }
        starts
    }

    proptest! {
        #[test]
        fn line_starts_are_found_across_reads(
            data in proptest::collection::vec(prop::sample::select(b"ab, \n\r".to_vec()), 0..200),
            sizes in proptest::collection::vec(1usize..8, 1..5),
        ) {
            let lines = Rc::new(RefCell::new(Lines::default()));
            let mut tracker = LineTracker::new(
                Chunked { data: &data, sizes: sizes.into_iter().cycle() },
                lines.clone(),
            );
            let mut sink = Vec::new();
            tracker.read_to_end(&mut sink).unwrap();
            prop_assert_eq!(&sink, &data);
            let found: Vec<(u64, u64)> = lines.borrow().starts.iter().copied().collect();
            prop_assert_eq!(found, starts_by_hand(&data));
        }
    }
}
