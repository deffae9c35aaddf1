//! `ftc db init`: create the database, or bring an older one's schema up to
//! date, and say which.

use super::Ctx;
use crate::error::Result;
use crate::store::current_version;
use clap::Subcommand;
use std::io::Write;

#[derive(Debug, Subcommand)]
pub enum DbCommand {
    /// Create the database (`--db`), or upgrade an older one's schema
    Init,
}

pub fn run(ctx: &Ctx, _out: &mut dyn Write, cmd: DbCommand) -> Result<()> {
    match cmd {
        DbCommand::Init => {
            let existed = ctx.db_path.exists();
            ctx.open_store()?;
            ctx.say(&format!(
                "{}: {} (schema version {})",
                ctx.db_path.display(),
                if existed { "up to date" } else { "created" },
                current_version()
            ));
            Ok(())
        }
    }
}
