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
pub const FRPS: &str = include_str!("../../fixtures/frp.csv");
pub const CONTACTS: &str = include_str!("../../fixtures/contacts.csv");
pub const USAGE: &str = include_str!("../../fixtures/usage.csv");

#[derive(Debug, Args)]
pub struct DemoArgs {}

/// The demo FMs, one per region.
const FMS: [(&str, &str); 3] = [("americas", "alice"), ("emea", "bob"), ("apj", "chen")];

/// The FM whose agenda the demo shows.
const DEMO_FM: &str = "alice";

pub fn run(ctx: &Ctx, out: &mut dyn Write, _a: DemoArgs) -> Result<()> {
    // Every other command runs on a team server too; the demo builds (and
    // replaces) a file of its own.
    if ctx.server.is_some() {
        return Err(refused(
            "the demo builds a database file of its own, not a team server's database",
        )
        .with_hint(
            "`ftc demo --db demo.db`, then `ftc db copy --from demo.db --to URL` puts it on a server",
        )
        .into());
    }
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
        .map(|t| TenantView::load(store.db(), t, ctx))
        .collect::<Result<_>>()?;
    let mut shown = ctx.clone();
    shown.db_path = path.clone();
    let agenda = super::agenda::collect(
        &shown,
        &super::agenda::AgendaArgs {
            fm: Some(DEMO_FM.into()),
            region: None,
            days: 7,
        },
    )?;
    if ctx.is_table() {
        render::list(out, ctx.style, &views, &TENANT_COLUMNS)?;
        writeln!(
            out,
            "\nAgenda of {DEMO_FM}, due by {} (`ftc agenda --fm {DEMO_FM} --days 7`)",
            ctx.today + chrono::Days::new(7)
        )?;
        render::list(out, ctx.style, &agenda, &super::agenda::COLUMNS)?;
        writeln!(out, "\nReport (`ftc report`)")?;
        super::report::run(
            &shown,
            out,
            super::report::ReportArgs {
                region: None,
                fm: None,
                html: None,
                force: false,
            },
        )?;
    } else {
        #[derive(serde::Serialize)]
        struct Both<'a> {
            tenants: &'a [TenantView],
            agenda: &'a [super::agenda::Item],
        }
        render::one(
            out,
            ctx.style,
            &Both {
                tenants: &views,
                agenda: &agenda,
            },
        )?;
    }
    out.flush()?; // the tenants and agenda before the message below
    let db = shell_quote(&path);
    eprintln!(
        "\nDemo database: {} ({} tenants; rebuilt on every `ftc demo`).\n\
         Try next:\n  \
         ftc --db {db} agenda   (every FM's)\n  \
         ftc --db {db} cadence show fabrikam\n  \
         ftc --db {db} cadence draft fabrikam --out .   (its next e-mail as a draft to open and send)\n  \
         ftc --db {db} engage woodgrovebank   (the guided walk)\n  \
         ftc --db {db} agenda --fm alice --format ics > alice.ics   (alice's agenda for a calendar)\n  \
         ftc --db {db} report --html report.html   (the pipeline as a page of charts)\n  \
         ftc --db {db} tenant show contoso\n  \
         ftc --db {db} customer show 10001\n  \
         ftc --db {db} history contoso\n  \
         ftc --db {db} tenant show wideworldimporters   (an FRP is engaged)\n  \
         ftc --db {db} partner view wideworldimporters --mpn 4410003   (the FRP's page: claims, usage)\n  \
         ftc --db {db} referrals --mpn 4410003\n  \
         ftc --db {db} usage show fabrikam\n  \
         ftc --db {db} contact list adventureworks\n  \
         ftc --db {db} frp list\n  \
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
    import_frps(demo, today, 27)?;
    contacts(demo, today, 24, &tenants)?;
    partners(demo, today)?;
    usage_and_claims(demo, today)?;
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
    super::demo_history::build(demo, today)?;
    Ok(())
}

fn import_frps(demo: &Ctx, today: chrono::NaiveDate, days_ago: u64) -> Result<()> {
    let mut c = demo.clone();
    c.today = today.checked_sub_days(Days::new(days_ago)).unwrap_or(today);
    c.actor = "alice".into();
    let args = super::frp::import::ImportArgs {
        file: PathBuf::from("fixtures/frp.csv"),
        replace: false,
        dry_run: false,
    };
    super::frp::import::import_from(&c, &mut std::io::sink(), Box::new(FRPS.as_bytes()), &args)
}

/// One row of `fixtures/contacts.csv`.
#[derive(Debug, serde::Deserialize)]
struct ContactRow {
    domain: String,
    kind: String,
    name: String,
    email: String,
    role: String,
    country: String,
    survey_language: String,
    services: String,
    survey_eligible: String,
    do_not_contact: String,
}

/// Each contact of `fixtures/contacts.csv`, added by its tenant's FM.
fn contacts(
    demo: &Ctx,
    today: chrono::NaiveDate,
    days_ago: u64,
    tenants: &[crate::store::tenants::Tenant],
) -> Result<()> {
    let mut rdr = csv::Reader::from_reader(CONTACTS.as_bytes());
    for row in rdr.deserialize::<ContactRow>() {
        let r = row?;
        let region = tenants
            .iter()
            .find(|t| t.domain == r.domain)
            .and_then(|t| t.region)
            .map_or("americas", |r| r.as_str());
        let fm = FMS
            .iter()
            .find(|(reg, _)| *reg == region)
            .map_or("alice", |(_, f)| f);
        let mut args = vec![
            "contact", "add", &r.domain, "--kind", &r.kind, "--name", &r.name, "--email", &r.email,
        ];
        for (flag, value) in [
            ("--role", &r.role),
            ("--country", &r.country),
            ("--survey-language", &r.survey_language),
            ("--services", &r.services),
        ] {
            if !value.is_empty() {
                args.extend([flag, value.as_str()]);
            }
        }
        if r.survey_eligible == "yes" {
            args.push("--survey-eligible");
        }
        if r.do_not_contact == "yes" {
            args.push("--do-not-contact");
        }
        cmd(demo, today, days_ago, fm, &args)?;
    }
    Ok(())
}

/// The partner page: three months of usage for a few tenants (the usage
/// feed), and the engaged FRP's claims on Wide World Importers.
fn usage_and_claims(demo: &Ctx, today: chrono::NaiveDate) -> Result<()> {
    let mut c = demo.clone();
    c.today = today.checked_sub_days(Days::new(20)).unwrap_or(today);
    c.actor = "usage-feed".into();
    crate::cli::usage::import_from(
        &c,
        &mut std::io::sink(),
        Box::new(USAGE.as_bytes()),
        &crate::cli::usage::ImportArgs {
            file: PathBuf::from("fixtures/usage.csv"),
            skip_invalid: false,
            dry_run: false,
        },
    )?;
    for (workload, claim) in [("teams", "CLM-2041"), ("sharepoint", "CLM-2042")] {
        cmd(
            demo,
            today,
            19,
            "chen",
            &[
                "claim",
                "add",
                "wideworldimporters",
                "--workload",
                workload,
                "--mpn",
                "4410003",
                "--claim-id",
                claim,
            ],
        )?;
    }
    Ok(())
}

/// Partners: an FRP that is engaged, another partner that is engaged, one
/// identified but not deploying yet, and one that turned out to deploy
/// nothing (`partner none` removes its contact).
fn partners(demo: &Ctx, today: chrono::NaiveDate) -> Result<()> {
    cmd(
        demo,
        today,
        22,
        "chen",
        &[
            "partner",
            "set",
            "wideworldimporters",
            "--name",
            "Sakura Digital",
            "--mpn",
            "4410003",
            "--deploying",
            "teams,sharepoint",
        ],
    )?;
    cmd(
        demo,
        today,
        21,
        "chen",
        &[
            "contact",
            "engaged",
            "wideworldimporters",
            "yuki.tanaka@sakuradigital.example.net",
        ],
    )?;
    cmd(
        demo,
        today,
        22,
        "alice",
        &[
            "partner",
            "set",
            "fabrikam",
            "--name",
            "Blue Harbor IT Services",
            "--mpn",
            "5520117",
            "--deploying",
            "exchange",
        ],
    )?;
    cmd(
        demo,
        today,
        21,
        "bob",
        &[
            "partner",
            "set",
            "proseware",
            "--name",
            "Ridgeline Cloud",
            "--mpn",
            "5520342",
        ],
    )?;
    cmd(
        demo,
        today,
        16,
        "bob",
        &[
            "partner",
            "set",
            "northwindtraders",
            "--name",
            "Quillpoint Consulting",
            "--mpn",
            "5520588",
        ],
    )?;
    cmd(
        demo,
        today,
        10,
        "bob",
        &["partner", "none", "northwindtraders"],
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
