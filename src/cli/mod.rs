//! The command line: global options, the subcommands, and the context every
//! command runs with.

pub mod agenda;
pub mod architect;
pub mod assign;
pub mod cadence;
pub mod claim;
pub mod completions;
pub mod config_cmd;
pub mod contact;
pub mod customer;
pub mod db;
pub mod demo;
pub mod demo_history;
pub mod dibs;
pub mod engage;
pub mod frp;
pub mod fta;
pub mod history;
pub mod man;
pub mod note;
pub mod partner;
pub mod referrals;
pub mod report;
pub mod rfa;
pub mod status;
pub mod task;
pub mod tenant;
pub mod triage;
pub mod usage;

use crate::config::Config;
use crate::domain::values::parse_date;
use crate::error::{invalid, Result};
use crate::render::{Format, Style};
use crate::store::history::Stamp;
use crate::store::Store;
use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand};
use std::io::IsTerminal;
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "ftc",
    version,
    about = "FastTrack onboarding engagements from the command line",
    long_about = "FastTrack onboarding engagements from the command line.\n\n\
        Keeps tenants, customers and their history in one local SQLite file.\n\
        Try `ftc demo` to build a demo database and see what it can do.",
    after_help = "Exit codes: 0 done, 1 refused by the data or the rules, 2 invalid input, 130 cancelled."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args)]
#[command(next_help_heading = "Global options")]
pub struct GlobalArgs {
    /// The database file [default: ftc.db in the user's data directory]
    #[arg(long, global = true, env = "FTC_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// The TOML config file [default: config.toml in the user's config directory]
    #[arg(long, global = true, env = "FTC_CONFIG", value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Pin "today" for every rule (YYYY-MM-DD)
    #[arg(long, global = true, env = "FTC_TODAY", value_name = "DATE", value_parser = parse_date)]
    pub today: Option<NaiveDate>,
    /// Who is acting: recorded in history, the default FM [default: $USER]
    #[arg(long = "as", global = true, env = "FTC_USER", value_name = "NAME")]
    pub actor: Option<String>,
    /// Output format (ics: iCalendar, for `ftc agenda`)
    #[arg(
        long,
        global = true,
        env = "FTC_FORMAT",
        value_enum,
        value_name = "FORMAT"
    )]
    pub format: Option<Format>,
    /// Short for --format json
    #[arg(long, global = true)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Tenants: add, import the commerce feed, list, show, set, find duplicates
    #[command(subcommand)]
    Tenant(tenant::TenantCommand),
    /// Customers and their tenants
    #[command(subcommand)]
    Customer(customer::CustomerCommand),
    /// The engagement cadence: record sends, replies and pauses; show the next step
    #[command(subcommand)]
    Cadence(cadence::CadenceCommand),
    /// What is due today (and the next --days days), oldest first
    Agenda(agenda::AgendaArgs),
    /// The guided, interactive walk through a tenant's cadence (or today's agenda)
    Engage(engage::EngageArgs),
    /// Contacts of a tenant: account team, partner, customer
    #[command(subcommand)]
    Contact(contact::ContactCommand),
    /// The partner on a tenant
    #[command(subcommand)]
    Partner(partner::PartnerCommand),
    /// Service status per workload: the seats split over L1 / L2 / L3 values
    #[command(subcommand)]
    Status(status::StatusCommand),
    /// The FastTrack Ready Partner list
    #[command(subcommand)]
    Frp(frp::FrpCommand),
    /// Notes: status notes with a next action, checked service intent notes, the list
    #[command(subcommand)]
    Note(note::NoteCommand),
    /// DIBS per workload: go-live date, intent, business reason, success owner
    #[command(subcommand)]
    Dibs(dibs::DibsCommand),
    /// The delivery assignment option: decided from DIBS and the cadence, or an override, and applied
    Assign(assign::AssignArgs),
    /// Requests for assistance: record one or its new status, list them
    #[command(subcommand)]
    Rfa(rfa::RfaCommand),
    /// The pipeline: tenants per stage and assignment option, DIBS coverage, overdue contacts
    Report(report::ReportArgs),
    /// A tenant's task checklist and the status of each task
    Tasks(task::list::TasksArgs),
    /// Set the status of a task of the checklist
    #[command(subcommand)]
    Task(task::TaskCommand),
    /// FastTrack Architect requests: record, assign with the workload balancer, close, list
    #[command(subcommand)]
    Fta(fta::FtaCommand),
    /// The FastTrack Architects requests are assigned to: capacity, regions, load
    #[command(subcommand)]
    Architect(architect::ArchitectCommand),
    /// Route a piece of feedback (asking the questions on a terminal) and record it; list; FTC Insights
    Triage(triage::TriageArgs),
    /// Every change recorded on a tenant, newest first
    History(history::HistoryArgs),
    /// Show the effective config or write a commented template
    #[command(subcommand)]
    Config(config_cmd::ConfigCommand),
    /// Build the demo database from the built-in fixtures and tour it
    Demo(demo::DemoArgs),
    /// The database itself: create it, or upgrade its schema
    #[command(subcommand)]
    Db(db::DbCommand),
    /// Print a shell completion script
    Completions(completions::CompletionsArgs),
    /// Write a man page for every command into a folder
    Man(man::ManArgs),
    /// Workload usage: import the monthly usage feed, show a tenant's months
    #[command(subcommand)]
    Usage(usage::UsageCommand),
    /// Partners' claims on a tenant's workloads: add, remove, list
    #[command(subcommand)]
    Claim(claim::ClaimCommand),
    /// The tenants assigned to a partner (frp-referral to it, frp-engaged with it)
    Referrals(referrals::ReferralsArgs),
}

impl Command {
    /// Whether the command only reads the database (it must then exist).
    pub fn only_reads(&self) -> bool {
        match self {
            Command::Tenant(c) => matches!(
                c,
                tenant::TenantCommand::List(_)
                    | tenant::TenantCommand::Show(_)
                    | tenant::TenantCommand::Dupes(_)
            ),
            Command::Customer(_)
            | Command::Agenda(_)
            | Command::Report(_)
            | Command::Tasks(_)
            | Command::History(_)
            | Command::Referrals(_) => true,
            Command::Cadence(c) => matches!(
                c,
                cadence::CadenceCommand::Show(_) | cadence::CadenceCommand::Draft(_)
            ),
            Command::Contact(c) => matches!(c, contact::ContactCommand::List(_)),
            Command::Usage(c) => matches!(c, usage::UsageCommand::Show(_)),
            Command::Claim(c) => matches!(c, claim::ClaimCommand::List(_)),
            Command::Partner(c) => matches!(c, partner::PartnerCommand::View(_)),
            Command::Status(c) => matches!(c, status::StatusCommand::Show(_)),
            Command::Frp(c) => matches!(c, frp::FrpCommand::List(_)),
            Command::Note(c) => matches!(c, note::NoteCommand::List(_)),
            Command::Dibs(c) => matches!(c, dibs::DibsCommand::Show(_)),
            Command::Assign(a) => a.explain,
            Command::Rfa(c) => matches!(c, rfa::RfaCommand::List(_)),
            Command::Fta(c) => matches!(c, fta::FtaCommand::List(_)),
            Command::Architect(c) => matches!(c, architect::ArchitectCommand::List(_)),
            Command::Triage(a) => matches!(a.command, Some(triage::TriageCommand::List(_))),
            _ => false,
        }
    }
}

/// What every command runs with.
#[derive(Clone)]
pub struct Ctx {
    pub db_path: PathBuf,
    /// Whether `--db`/`FTC_DB` was given (the demo must not reuse a default).
    pub db_given_on_command_line: bool,
    pub config: Config,
    pub config_path: PathBuf,
    pub today: NaiveDate,
    pub actor: String,
    pub style: Style,
    pub stderr_is_terminal: bool,
    /// No messages on stderr (the demo runs commands on the user's behalf).
    pub quiet: bool,
    /// The command only reads: it refuses a database that does not exist
    /// rather than create an empty one (a mistyped `--db` would otherwise
    /// say nothing is due).
    pub reads_only: bool,
    /// `--db postgres://...`: the team server's connection settings.
    pub server: Option<crate::store::server::settings::Settings>,
    calendar: std::sync::OnceLock<crate::domain::calendar::Calendar>,
    settings: std::sync::OnceLock<crate::domain::standing::Settings>,
}

impl Ctx {
    /// `config_may_be_missing`: `config init` creates the file `--config` names.
    pub fn new(
        g: &GlobalArgs,
        db_from_command_line: bool,
        config_may_be_missing: bool,
    ) -> Result<Ctx> {
        let dirs = directories::ProjectDirs::from("", "", "ftc");
        let (config_path, explicit) = match &g.config {
            Some(p) => (p.clone(), true),
            None => (
                dirs.as_ref()
                    .map(|d| d.config_dir().join("config.toml"))
                    .unwrap_or_else(|| PathBuf::from("config.toml")),
                false,
            ),
        };
        let config = Config::load(&config_path, explicit && !config_may_be_missing)?;
        crate::reference::install(&config.reference).map_err(|e| {
            invalid(format!("config file {}: {e}", config_path.display()))
                .with_hint("see `ftc config init` for the form of [reference]")
        })?;
        // --db (or FTC_DB), else the config's `db`, else the data directory.
        let db_path = match (&g.db, &config.db) {
            (Some(p), _) => p.clone(),
            // A file named in the config is found beside the config.
            (None, Some(p)) if !crate::store::server::is_server(p) => config_path
                .parent()
                .unwrap_or(std::path::Path::new("."))
                .join(p),
            (None, Some(p)) => PathBuf::from(p),
            (None, None) => dirs
                .as_ref()
                .map(|d| d.data_dir().join("ftc.db"))
                .ok_or_else(|| {
                    invalid("cannot find a data directory for the database")
                        .with_hint("pass --db PATH")
                })?,
        };
        // A team server's URL is checked now: a password in it is refused
        // before anything else happens.
        let server = match db_path.to_str() {
            Some(url) if crate::store::server::is_server(url) => {
                Some(crate::store::server::settings(url)?)
            }
            _ => None,
        };
        let today = g.today.unwrap_or_else(|| chrono::Local::now().date_naive());
        let actor = g
            .actor
            .clone()
            .filter(|a| !a.trim().is_empty())
            .or_else(|| std::env::var("USER").ok().filter(|u| !u.is_empty()))
            .unwrap_or_else(|| "unknown".into());
        let format = if g.json {
            Format::Json
        } else {
            g.format.unwrap_or(Format::Table)
        };
        let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
        Ok(Ctx {
            db_path,
            db_given_on_command_line: db_from_command_line,
            config,
            config_path,
            today,
            actor,
            style: Style {
                format,
                color,
                width: Style::stdout_width(),
            },
            stderr_is_terminal: std::io::stderr().is_terminal(),
            quiet: false,
            reads_only: false,
            server,
            calendar: std::sync::OnceLock::new(),
            settings: std::sync::OnceLock::new(),
        })
    }

    pub fn open_store(&self) -> Result<Store> {
        if let Some(settings) = &self.server {
            return Store::open_server(settings);
        }
        if self.reads_only && self.db_path.as_os_str() != ":memory:" && !self.db_path.exists() {
            return Err(crate::error::refused(format!(
                "the database {} does not exist",
                self.db_path.display()
            ))
            .with_hint(
                "check --db (FTC_DB); `ftc demo` builds a demo database, and a command that writes (`ftc tenant import FEED`, `ftc tenant add`) creates this one",
            )
            .into());
        }
        Store::open(&self.db_path)
    }

    /// Who and when, for history.
    pub fn stamp(&self) -> Stamp {
        Stamp {
            at: chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
            on: self.today,
            actor: self.actor.clone(),
        }
    }

    /// The settings a tenant's standing depends on (made once).
    pub fn settings(&self) -> &crate::domain::standing::Settings {
        self.settings
            .get_or_init(|| crate::cli::cadence::current::settings(self))
    }

    /// The business-day calendar the config describes (read once).
    pub fn calendar(&self) -> Result<&crate::domain::calendar::Calendar> {
        if let Some(c) = self.calendar.get() {
            return Ok(c);
        }
        let dir = self
            .config_path
            .parent()
            .unwrap_or(std::path::Path::new("."));
        let cal = self.config.calendar(dir)?;
        Ok(self.calendar.get_or_init(|| cal))
    }

    /// A message for the person at the terminal (stderr), unless quiet.
    pub fn say(&self, message: &str) {
        if !self.quiet {
            eprintln!("{message}");
        }
    }

    /// Whether the output is for a person (messages can be chattier).
    pub fn is_table(&self) -> bool {
        self.style.format == Format::Table
    }
}

/// Run a parsed command line.
pub fn dispatch(cli: Cli, db_from_command_line: bool) -> Result<()> {
    let init = matches!(
        cli.command,
        Command::Config(config_cmd::ConfigCommand::Init(_))
    );
    let mut ctx = Ctx::new(&cli.global, db_from_command_line, init)?;
    if ctx.style.format == Format::Ics && !matches!(cli.command, Command::Agenda(_)) {
        return Err(crate::render::ics_only().into());
    }
    ctx.reads_only = cli.command.only_reads();
    // Buffered: stdout is line-buffered, and a long listing would otherwise
    // cost a write call per line.
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let result = run_command(&ctx, &mut out, cli.command);
    let flushed = std::io::Write::flush(&mut out);
    result?;
    flushed?;
    Ok(())
}

/// Run one command with a given context and output.
pub fn run_command(ctx: &Ctx, out: &mut dyn std::io::Write, command: Command) -> Result<()> {
    match command {
        Command::Tenant(c) => tenant::run(ctx, out, c),
        Command::Customer(c) => customer::run(ctx, out, c),
        Command::Cadence(c) => cadence::run(ctx, out, c),
        Command::Agenda(a) => agenda::run(ctx, out, a),
        Command::Engage(a) => engage::run(ctx, out, a),
        Command::Contact(c) => contact::run(ctx, out, c),
        Command::Partner(c) => partner::run(ctx, out, c),
        Command::Status(c) => status::run(ctx, out, c),
        Command::Frp(c) => frp::run(ctx, out, c),
        Command::Note(c) => note::run(ctx, out, c),
        Command::Dibs(c) => dibs::run(ctx, out, c),
        Command::Assign(a) => assign::run(ctx, out, a),
        Command::Rfa(c) => rfa::run(ctx, out, c),
        Command::Report(a) => report::run(ctx, out, a),
        Command::Tasks(a) => task::list::run(ctx, out, a),
        Command::Task(c) => task::run(ctx, out, c),
        Command::Fta(c) => fta::run(ctx, out, c),
        Command::Architect(c) => architect::run(ctx, out, c),
        Command::Triage(a) => triage::run(ctx, out, a),
        Command::History(a) => history::run(ctx, out, a),
        Command::Config(c) => config_cmd::run(ctx, out, c),
        Command::Demo(a) => demo::run(ctx, out, a),
        Command::Db(c) => db::run(ctx, out, c),
        Command::Completions(a) => completions::run(out, a),
        Command::Man(a) => man::run(out, a),
        Command::Usage(c) => usage::run(ctx, out, c),
        Command::Claim(c) => claim::run(ctx, out, c),
        Command::Referrals(a) => referrals::run(ctx, out, a),
    }
}
