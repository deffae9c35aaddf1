//! `ftc demo`: build a demo database from the built-in fixtures, through the
//! same commands a user types, and show what to try next.

use super::tenant::import::{import_from, ImportArgs};
use super::tenant::{TenantView, TENANT_COLUMNS};
use super::{Cli, Ctx};
use crate::domain::tenant::Source;
use crate::error::{refused, Result};
use crate::render::{self, Format};
use crate::store::tenants::{list_tenants, TenantFilter};
use crate::store::Store;
use chrono::Days;
use clap::{Args, Parser};
use std::io::Write;
use std::path::{Path, PathBuf};

pub const FEED: &str = include_str!("../../fixtures/feed.csv");
pub const FEED_UPDATE: &str = include_str!("../../fixtures/feed-update.csv");

#[derive(Debug, Args)]
pub struct DemoArgs {}

/// The demo FMs, one per region.
const FMS: [(&str, &str); 3] = [("americas", "alice"), ("emea", "bob"), ("apj", "chen")];

pub fn run(ctx: &Ctx, out: &mut dyn Write, _a: DemoArgs) -> Result<()> {
    let path = if ctx.db_given_on_command_line {
        ctx.db_path.clone()
    } else {
        directories::ProjectDirs::from("", "", "ftc")
            .map(|d| d.data_dir().join("ftc-demo.db"))
            .unwrap_or_else(|| PathBuf::from("ftc-demo.db"))
    };
    clear_previous_demo(&path)?;
    let mut demo = ctx.clone();
    demo.db_path = path.clone();
    demo.style.format = Format::Table;
    demo.quiet = true;
    build(&demo, ctx.today)?;

    let store = Store::open(&path)?;
    let views: Vec<TenantView> = list_tenants(&store.conn, &TenantFilter::default())?
        .iter()
        .map(|t| TenantView::load(&store.conn, t, ctx))
        .collect::<Result<_>>()?;
    render::list(out, ctx.style, &views, &TENANT_COLUMNS)?;
    let db = shell_quote(&path);
    eprintln!(
        "\nDemo database: {} ({} tenants; rebuilt on every `ftc demo`).\n\
         Try next:\n  \
         ftc --db {db} tenant show contoso\n  \
         ftc --db {db} customer show 10001\n  \
         ftc --db {db} history contoso\n  \
         ftc --db {db} tenant dupes\n  \
         ftc --db {db} tenant list --ineligible\n  \
         ftc --db {db} tenant add --domain contosoretail.onmicrosoft.com --customer 'Contoso Limited' --seats 400\n    \
         (the duplicate check refuses it; add --same-customer 10001 to join Contoso)",
        path.display(),
        views.len()
    );
    Ok(())
}

/// A previous demo database is replaced; any other file is left alone.
fn clear_previous_demo(path: &Path) -> Result<()> {
    if !path.exists() {
        return Ok(());
    }
    let is_demo = Store::open(path)
        .ok()
        .and_then(|s| {
            s.conn
                .query_row("SELECT value FROM meta WHERE key = 'demo'", [], |r| {
                    r.get::<_, String>(0)
                })
                .ok()
        })
        .is_some_and(|v| v == "1");
    if !is_demo {
        return Err(refused(format!(
            "{} exists and is not a demo database; not touching it",
            path.display()
        ))
        .with_hint("give `ftc demo --db` a new file name")
        .into());
    }
    for suffix in ["", "-wal", "-shm"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        match std::fs::remove_file(&p) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(refused(format!("cannot replace the demo database: {e}")).into()),
        }
    }
    Ok(())
}

/// Run one command line against the demo database, as of `days_ago`.
fn cmd(
    demo: &Ctx,
    today: chrono::NaiveDate,
    days_ago: u64,
    actor: &str,
    args: &[&str],
) -> Result<()> {
    let mut c = demo.clone();
    c.today = today.checked_sub_days(Days::new(days_ago)).unwrap_or(today);
    c.actor = actor.to_string();
    let mut argv = vec!["ftc"];
    argv.extend_from_slice(args);
    let cli = Cli::try_parse_from(argv)?;
    super::run_command(&c, &mut std::io::sink(), cli.command)
}

fn import(
    demo: &Ctx,
    today: chrono::NaiveDate,
    days_ago: u64,
    feed: &'static str,
    name: &str,
) -> Result<()> {
    let mut c = demo.clone();
    c.today = today.checked_sub_days(Days::new(days_ago)).unwrap_or(today);
    c.actor = "commerce-feed".into();
    let args = ImportArgs {
        file: PathBuf::from(name),
        source: Source::Commerce,
        skip_invalid: false,
        dry_run: false,
    };
    import_from(
        &c,
        &mut std::io::sink(),
        Box::new(feed.as_bytes()),
        None,
        &args,
    )
}

fn build(demo: &Ctx, today: chrono::NaiveDate) -> Result<()> {
    {
        let mut store = Store::open(&demo.db_path)?;
        let tx = store.write()?;
        tx.execute("INSERT INTO meta (key, value) VALUES ('demo', '1')", [])?;
        tx.commit()?;
    }
    import(demo, today, 28, FEED, "fixtures/feed.csv")?;
    // Each region's FM takes its eligible tenants.
    let store = Store::open(&demo.db_path)?;
    let tenants = list_tenants(&store.conn, &TenantFilter::default())?;
    drop(store);
    for t in &tenants {
        let region = t.region.map(|r| r.as_str()).unwrap_or("americas");
        let fm = FMS
            .iter()
            .find(|(r, _)| *r == region)
            .map_or("alice", |(_, f)| f);
        if crate::domain::tenant::is_eligible(t.source, t.seats, demo.config.eligibility.min_seats)
        {
            cmd(
                demo,
                today,
                27,
                fm,
                &["tenant", "set", &t.domain, "--fm", fm],
            )?;
        }
    }
    cmd(
        demo,
        today,
        26,
        "alice",
        &["tenant", "set", "contoso", "--winner"],
    )?;
    cmd(
        demo,
        today,
        26,
        "alice",
        &["tenant", "set", "woodgrovebank", "--winner", "--covid-rfa"],
    )?;
    cmd(
        demo,
        today,
        25,
        "bob",
        &[
            "tenant",
            "set",
            "bavariamotors",
            "--winner",
            "--wants-ftc",
            "yes",
        ],
    )?;
    // Hand-added tenants: one joins its customer by TPID and inherits the FM,
    // one small exception is added to its customer on purpose.
    cmd(
        demo,
        today,
        20,
        "alice",
        &[
            "tenant",
            "add",
            "--domain",
            "contosopharma.onmicrosoft.com",
            "--customer",
            "Contoso Pharma",
            "--tpid",
            "10001",
            "--region",
            "americas",
            "--seats",
            "900",
            "--source",
            "commerce",
        ],
    )?;
    cmd(
        demo,
        today,
        18,
        "alice",
        &[
            "tenant",
            "add",
            "--domain",
            "munsonsfarm.onmicrosoft.com",
            "--customer",
            "Munson's Pickles & Preserves Farm",
            "--same-customer",
            "10021",
            "--region",
            "americas",
            "--seats",
            "45",
        ],
    )?;
    import(demo, today, 7, FEED_UPDATE, "fixtures/feed-update.csv")?;
    cmd(
        demo,
        today,
        5,
        "alice",
        &["tenant", "set", "tailspintoys", "--goback"],
    )?;
    cmd(
        demo,
        today,
        3,
        "bob",
        &["tenant", "set", "margiestravel", "--duplicate-invalid"],
    )?;
    Ok(())
}

fn shell_quote(p: &Path) -> String {
    let s = p.display().to_string();
    if s.chars()
        .all(|c| c.is_ascii_alphanumeric() || "/._-+:@".contains(c))
    {
        s
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}
