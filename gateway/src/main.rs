//! The `hub` command line. Parses arguments and calls into the library; nothing else.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand, ValueEnum};
use hub::auth::Hs256;
use hub::auth::development::DEMO_ACCOUNTS;
use hub::config::{Profile, Settings};
use hub::modules::Module;
use hub::schema::SchemaOptions;
use hub::services::Services;
use hub::telemetry::Telemetry;
use hub::{Application, db};
use hub_common::Role;
use hub_common::seed::SeedSkipped;
use uuid::Uuid;

// mimalloc by default (see gateway/Cargo.toml); jemalloc replaces it when asked for.
#[cfg(all(feature = "alloc-mimalloc", not(feature = "alloc-jemalloc")))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[cfg(feature = "alloc-jemalloc")]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

#[derive(Parser)]
#[command(name = "hub", version, about = "Hải Phòng career-education hub")]
struct Cli {
    /// TOML configuration file; environment variables override it.
    #[arg(long, global = true, env = "HUB_CONFIG")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the GraphQL API (the default).
    Serve {
        /// Address to listen on; port 0 picks a free port, and the real address is printed.
        #[arg(long)]
        listen: Option<std::net::SocketAddr>,
        /// Serve one module alone as a federation subgraph instead of the whole API.
        #[arg(long, value_enum)]
        module: Option<Module>,
    },
    /// Apply pending database migrations and exit.
    Migrate,
    /// Copy the SQLite database into FILE, a new file, while the hub may be serving (PostgreSQL:
    /// use pg_dump, see docs/operations.md).
    Backup { file: PathBuf },
    /// Check the database's consistency (foreign keys, ledgers, seats, the outbox, migrations)
    /// without changing it; exits non-zero and lists each problem when there are any.
    Check,
    /// Mint a development token for an organization and role.
    Token {
        /// Organization id, or the key of a demo organization (e.g. thpt-tran-phu).
        #[arg(long)]
        org: Option<String>,
        #[arg(long, value_enum, default_value = "org-admin")]
        role: RoleArg,
        /// Subject of the token; defaults to dev:<org>.
        #[arg(long)]
        subject: Option<String>,
        /// Lifetime in hours.
        #[arg(long, default_value_t = 24 * 7)]
        hours: u64,
    },
    /// Load data into an empty database.
    Seed {
        /// The Hải Phòng demo data set.
        #[arg(long, required = true)]
        demo: bool,
    },
    /// Print the names of the hub's modules, one per line (what `serve --module` takes).
    Modules,
    /// Print the GraphQL schema (SDL): the whole API, or one module's subgraph.
    Schema {
        #[arg(long, value_enum)]
        module: Option<Module>,
    },
    /// Configuration tools.
    Config {
        #[command(subcommand)]
        command: ConfigCommand,
    },
}

#[derive(Subcommand)]
enum ConfigCommand {
    /// Validate a configuration file, together with the environment, as `serve` would read them.
    Check { file: PathBuf },
}

#[derive(Clone, Copy, ValueEnum)]
enum RoleArg {
    OrgMember,
    OrgAdmin,
    DepartmentOfficer,
    PlatformAdmin,
}

impl From<RoleArg> for Role {
    fn from(role: RoleArg) -> Self {
        match role {
            RoleArg::OrgMember => Role::OrgMember,
            RoleArg::OrgAdmin => Role::OrgAdmin,
            RoleArg::DepartmentOfficer => Role::DepartmentOfficer,
            RoleArg::PlatformAdmin => Role::PlatformAdmin,
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("error: cannot start the async runtime: {err}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    if let Some(Command::Config { command: ConfigCommand::Check { file } }) = &cli.command {
        Settings::load(Some(file))?;
        for name in Settings::unknown_environment() {
            eprintln!("warning: {name} is not a setting of the hub; ignored");
        }
        println!("{}: configuration is valid", file.display());
        return Ok(());
    }
    let settings = Settings::load(cli.config.as_deref())?;
    let telemetry = Telemetry::init(&settings)?;
    for name in Settings::unknown_environment() {
        tracing::warn!(variable = %name, "environment variable is not a setting of the hub; ignored");
    }
    let outcome = run_command(cli.command, settings).await;
    // Last, so the spans of shutting down are sent too.
    telemetry.shutdown();
    outcome
}

async fn run_command(command: Option<Command>, mut settings: Settings) -> anyhow::Result<()> {
    match command.unwrap_or(Command::Serve { listen: None, module: None }) {
        Command::Serve { listen, module } => {
            if let Some(listen) = listen {
                settings.listen = listen;
            }
            serve(settings, module).await
        }
        Command::Migrate => {
            let db = db::connect(&settings).await?;
            let applied = db::migrate(&settings, &db).await?;
            println!("applied {applied} migration(s); the schema is current");
            Ok(())
        }
        Command::Backup { file } => {
            let written = hub::maintenance::backup(&settings, &file).await?;
            println!("wrote a backup of {} bytes to {}", written.bytes, written.path.display());
            Ok(())
        }
        Command::Check => {
            let problems = hub::maintenance::check(&settings).await?;
            if problems.is_empty() {
                println!("the database is consistent");
                return Ok(());
            }
            for problem in &problems {
                println!("{problem}");
            }
            anyhow::bail!("the database has {} consistency problem(s), listed above", problems.len())
        }
        Command::Token { org, role, subject, hours } => {
            if !settings.accepts_development_tokens() {
                anyhow::bail!(
                    "`hub token` mints development tokens, which the production profile refuses; people sign in through the identity provider"
                );
            }
            let organization = org.as_deref().map(resolve_organization).transpose()?;
            let subject = subject.unwrap_or_else(|| format!("dev:{}", org.as_deref().unwrap_or("platform")));
            let token = Hs256::new(settings.jwt_secret.expose()).mint(
                &subject,
                organization,
                &[role.into()],
                hours * 3600,
            );
            println!("{token}");
            Ok(())
        }
        Command::Seed { demo: _ } => {
            if settings.profile == Profile::Production {
                anyhow::bail!("the production profile never loads demo data");
            }
            let db = db::connect(&settings).await?;
            db::migrate(&settings, &db).await?;
            let events = hub_common::events::EventFeed::new(db.clone());
            for (module, report) in hub::modules::seed_demo(&Services::new(&db, &events)).await? {
                match report.skipped {
                    None => println!("{module}: loaded the demo data ({report})"),
                    Some(SeedSkipped::AlreadyPopulated) => {
                        println!("{module}: holds data already; nothing loaded")
                    }
                    Some(SeedSkipped::NoDemoDirectory) => {
                        println!("{module}: the directory is not the demo one; nothing loaded")
                    }
                }
            }
            Ok(())
        }
        Command::Modules => {
            for module in Module::ALL {
                println!("{module}");
            }
            Ok(())
        }
        Command::Schema { module } => {
            // The schema does not depend on data; an in-memory database is enough to build it.
            let db = sea_orm::Database::connect("sqlite::memory:").await?;
            let events = hub_common::events::EventFeed::new(db.clone());
            let services = Services::new(&db, &events);
            print!("{}", hub::modules::served(module, &services, &SchemaOptions::default()).sdl());
            Ok(())
        }
        Command::Config { .. } => unreachable!("handled before loading settings"),
    }
}

/// Accepts a UUID or the key of a demo organization.
fn resolve_organization(org: &str) -> anyhow::Result<Uuid> {
    if let Ok(id) = Uuid::parse_str(org) {
        return Ok(id);
    }
    if directory::demo_data::ORGANIZATIONS.iter().any(|demo| demo.key == org) {
        return Ok(directory::seed::demo_organization_id(org));
    }
    anyhow::bail!("--org must be an organization id or a demo organization key such as thpt-tran-phu")
}

async fn serve(settings: Settings, module: Option<Module>) -> anyhow::Result<()> {
    let app = Application::build_serving(&settings, module).await?;
    let addr = app.local_addr().context("reading the bound address")?;
    println!("listening on http://{addr}");
    match module {
        Some(module) => println!("serving the {module} module as a federation subgraph"),
        None => println!("GraphiQL: http://{addr}/graphql"),
    }
    if app.seeded_demo {
        println!("loaded the Hải Phòng demo data set");
    }
    if settings.profile == Profile::Development {
        print_startup_tokens(&app, &settings).await?;
    }
    tracing::info!(%addr, profile = ?settings.profile, "hub started");
    app.run_until(shutdown_signal()).await.context("serving")?;
    tracing::info!("hub stopped");
    Ok(())
}

async fn print_startup_tokens(app: &Application, settings: &Settings) -> anyhow::Result<()> {
    let directory = &app.services().directory;
    let minter = Hs256::new(settings.jwt_secret.expose());
    let mut printed_header = false;
    for (label, key, role) in DEMO_ACCOUNTS {
        let id = directory::seed::demo_organization_id(key);
        let Some(org) =
            directory.organization(id).await.map_err(|_| anyhow::anyhow!("reading demo organizations"))?
        else {
            continue;
        };
        if !printed_header {
            println!("development tokens (valid 7 days; send as `Authorization: Bearer <token>`):");
            printed_header = true;
        }
        let token = minter.mint(&format!("dev:{key}"), Some(id), &[*role], 7 * 24 * 3600);
        println!("  {label:<10} {} — {}\n             {token}", org.name, role.name());
    }
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
