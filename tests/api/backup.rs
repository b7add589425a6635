//! `hub backup` and `hub check`: a SQLite backup taken while the hub is writing restores to a
//! consistent hub; `hub check` names what is wrong in a damaged database; the documented
//! PostgreSQL procedure (`pg_dump`, `pg_restore`, `hub migrate`, `hub check`) round-trips.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use hub_common::Role;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectOptions, ConnectionTrait, Database, EntityTrait,
    QueryFilter,
};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::{Backend, HubProcess, TEST_SECRET, TestApp, TestDatabase, services_required, with};
use crate::internships::{NOMINATE, offer_input, published_offer};

const ENTERPRISE: &str = "dn-logistics-bach-dang";
const SCHOOL: &str = "thpt-tran-phu";
const CREATE: &str =
    "mutation($input: CreateInternshipOfferInput!) { createInternshipOffer(input: $input) { id } }";
const PUBLISH: &str = "mutation($id: ID!) { publishInternshipOffer(id: $id) { id } }";
const DECIDE: &str = "mutation($id: ID!, $decision: NominationDecision!) { decideNomination(id: $id, decision: $decision) { id } }";
const LOAD_TITLE: &str = "Backup load offer";

/// `hub` with only the settings a test gives it.
fn hub(database_url: &str) -> Command {
    let mut command = crate::helpers::hub_command();
    command
        .env_remove("REDIS_URL")
        .env_remove("HUB_CONFIG")
        .env("DATABASE_URL", database_url)
        .env("HUB_PROFILE", "development")
        .env("HUB_JWT_SECRET", TEST_SECRET);
    command
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Runs a `hub` command off the async runtime (it may take a while) and returns its output.
async fn run(mut command: Command) -> Output {
    tokio::task::spawn_blocking(move || command.output().expect("hub runs")).await.expect("joined")
}

fn sqlite_url(path: &Path) -> String {
    format!("sqlite://{}", path.display())
}

fn temp_file(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("hub-{name}-{}.db", Uuid::now_v7().simple()))
}

/// Removes a SQLite file and its WAL companions when dropped.
struct Removed(PathBuf);

impl Drop for Removed {
    fn drop(&mut self) {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", self.0.display()));
        }
    }
}

fn id_of(value: &Value) -> String {
    value["id"].as_str().unwrap_or_else(|| panic!("no id in {value}")).to_owned()
}

/// One round of writes: an offer created, published, a student nominated and accepted (four
/// transactions, each with its outbox row or seat change).
async fn one_round(app: &TestApp, round: usize) {
    let enterprise = app.token(ENTERPRISE, Role::OrgMember);
    let school = app.token(SCHOOL, Role::OrgMember);
    let input = with(offer_input(), json!({ "title": format!("{LOAD_TITLE} {round}") }));
    let offer =
        id_of(&app.data(Some(&enterprise), CREATE, json!({ "input": input })).await["createInternshipOffer"]);
    app.data(Some(&enterprise), PUBLISH, json!({ "id": offer })).await;
    let nomination = json!({ "offerId": offer, "studentRef": format!("BK-{round:05}"), "grade": 12 });
    let nominated =
        id_of(&app.data(Some(&school), NOMINATE, json!({ "input": nomination })).await["nominateStudent"]);
    app.data(Some(&enterprise), DECIDE, json!({ "id": nominated, "decision": "ACCEPT" })).await;
}

async fn count(db: &impl ConnectionTrait, sql: &str) -> i64 {
    let row = db
        .query_one_raw(sea_orm::Statement::from_string(db.get_database_backend(), sql.to_owned()))
        .await
        .expect("counting")
        .expect("a row");
    row.try_get_by_index(0).expect("a count")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sqlite_backup_taken_under_write_load_restores_to_a_consistent_hub() {
    let app = TestApp::spawn(Backend::Sqlite).await.expect("SQLite needs no service");
    let file = temp_file("backup");
    let _removed = Removed(file.clone());
    let rounds = Arc::new(AtomicUsize::new(0));
    let stop = Arc::new(AtomicUsize::new(usize::MAX));

    // Three writers go round until told to stop; the backup starts once they have written
    // something, and they stop three rounds after it finished, so it ran in the middle of them.
    let writers = (0..3).map(|writer| {
        let (app, rounds, stop) = (&app, rounds.clone(), stop.clone());
        async move {
            let mut round = writer;
            loop {
                let done = rounds.load(Ordering::SeqCst);
                if done >= stop.load(Ordering::SeqCst) {
                    return;
                }
                one_round(app, round).await;
                rounds.fetch_add(1, Ordering::SeqCst);
                round += 3;
            }
        }
    });
    let backup = async {
        while rounds.load(Ordering::SeqCst) < 6 {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        let mut command = hub(&app.database_url);
        command.arg("backup").arg(&file);
        let output = run(command).await;
        stop.store(rounds.load(Ordering::SeqCst) + 3, Ordering::SeqCst);
        output
    };
    let (_, output) = tokio::join!(futures_util::future::join_all(writers), backup);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    let size = std::fs::metadata(&file).expect("the backup exists").len();
    assert!(stdout.contains(&format!("wrote a backup of {size} bytes to {}", file.display())), "{stdout}");

    // Never over an existing file, which stays as it was.
    let mut again = hub(&app.database_url);
    again.arg("backup").arg(&file);
    let refused = run(again).await;
    assert!(!refused.status.success());
    assert!(text(&refused.stderr).contains("exists already"), "{}", text(&refused.stderr));
    assert_eq!(std::fs::metadata(&file).expect("still there").len(), size);

    // The backup passes the check.
    let mut check = hub(&sqlite_url(&file));
    check.arg("check");
    let checked = run(check).await;
    assert!(checked.status.success(), "{}\n{}", text(&checked.stdout), text(&checked.stderr));
    assert!(text(&checked.stdout).contains("the database is consistent"));

    // A consistent prefix of the writes: more than the demo data, less than the live database,
    // every published load offer with its event (same transaction), no nomination without its
    // offer, every accepted seat counted.
    let copy = Database::connect(format!("{}?mode=ro", sqlite_url(&file))).await.expect("the backup opens");
    let offers_sql = format!("SELECT COUNT(*) FROM internships_offers WHERE title LIKE '{LOAD_TITLE}%'");
    let in_backup = count(&copy, &offers_sql).await;
    let live = count(&app.db, &offers_sql).await;
    assert!(in_backup >= 6 && in_backup < live, "backup {in_backup}, live {live}");
    let published = count(
        &copy,
        &format!(
            "SELECT COUNT(*) FROM internships_offers WHERE title LIKE '{LOAD_TITLE}%' AND status = 'PUBLISHED'"
        ),
    )
    .await;
    let events = count(
        &copy,
        &format!(
            "SELECT COUNT(*) FROM hub_outbox WHERE topic = 'internships.offer_published' AND payload LIKE '%{LOAD_TITLE}%'"
        ),
    )
    .await;
    assert_eq!(published, events, "each published offer has its event and no event its offer is missing");
    let orphans = count(
        &copy,
        "SELECT COUNT(*) FROM internships_nominations n WHERE NOT EXISTS \
         (SELECT 1 FROM internships_offers o WHERE o.id = n.offer_id)",
    )
    .await;
    assert_eq!(orphans, 0);
    copy.close().await.expect("closed");

    // The backup serves: a new hub on it answers queries with the backed-up data.
    let served = HubProcess::spawn_with(&format!("{}?mode=rwc", sqlite_url(&file)), None, &[]).await;
    let body: Value = served
        .endpoint
        .client
        .post(format!("{}/graphql", served.endpoint.base_url))
        .json(&json!({ "query": format!(
            "{{ internshipOffers(first: 100, filter: {{ text: \"{LOAD_TITLE}\" }}) {{ edges {{ node {{ title }} }} }} }}"
        ) }))
        .send()
        .await
        .expect("sent")
        .json()
        .await
        .expect("JSON");
    let titles =
        body["data"]["internshipOffers"]["edges"].as_array().unwrap_or_else(|| panic!("{body}")).len();
    assert_eq!(i64::try_from(titles).unwrap(), published, "{body}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn check_lists_seats_overfilled_and_dangling_foreign_keys() {
    let app = TestApp::spawn(Backend::Sqlite).await.expect("SQLite needs no service");
    let mut check = hub(&app.database_url);
    check.arg("check");
    let clean = run(check).await;
    assert!(clean.status.success(), "the demo data is consistent: {}", text(&clean.stdout));

    // A one-seat offer with its seat taken, then damaged as only a tool bypassing the hub
    // could: a second accepted nomination, and a nomination of an offer that does not exist,
    // written with foreign keys off.
    let offer = published_offer(&app, with(offer_input(), json!({ "seats": 1 }))).await;
    let enterprise = app.token(ENTERPRISE, Role::OrgMember);
    let school = app.token(SCHOOL, Role::OrgMember);
    let nomination = json!({ "offerId": offer, "studentRef": "BK-SEAT-1", "grade": 12 });
    let nominated =
        id_of(&app.data(Some(&school), NOMINATE, json!({ "input": nomination })).await["nominateStudent"]);
    app.data(Some(&enterprise), DECIDE, json!({ "id": nominated, "decision": "ACCEPT" })).await;

    let mut options = ConnectOptions::new(app.database_url.clone());
    options.max_connections(1);
    let tool = Database::connect(options).await.expect("connected");
    tool.execute_unprepared("PRAGMA foreign_keys = OFF").await.expect("foreign keys off");
    let row = |offer_id: Uuid, student: &str, status: internships::NominationStatus| {
        internships::entity::nomination::ActiveModel {
            id: Set(Uuid::now_v7()),
            offer_id: Set(offer_id),
            nominating_organization_id: Set(crate::helpers::demo_org(SCHOOL)),
            student_ref: Set(student.to_owned()),
            grade: Set(12),
            note: Set(None),
            status: Set(status),
            hours: Set(None),
            evaluation: Set(None),
            decided_at: Set(Some(chrono::Utc::now())),
            completed_at: Set(None),
            created_at: Set(chrono::Utc::now()),
        }
    };
    row(offer, "BK-SEAT-2", internships::NominationStatus::Accepted).insert(&tool).await.expect("inserted");
    let dangling = row(Uuid::now_v7(), "BK-NOWHERE", internships::NominationStatus::Submitted)
        .insert(&tool)
        .await
        .expect("inserted with foreign keys off");
    // And a return record for more units than a demo loan handed over (the ledger refuses
    // changes to its rows, not new ones).
    let loan = equipment::entity::request::Entity::find()
        .filter(equipment::entity::request::Column::Status.eq(equipment::RequestStatus::HandedOver))
        .one(&tool)
        .await
        .expect("reading")
        .expect("the demo data has a loan out");
    equipment::entity::return_record::ActiveModel {
        id: Set(Uuid::now_v7()),
        request_id: Set(loan.id),
        quantity: Set(loan.handed_over_quantity + 1),
        returned_on: Set(hub_common::time::today()),
        received_by: Set("Thủ kho".to_owned()),
        condition: Set(equipment::EquipmentCondition::Good),
        notes: Set(None),
        recorded_by: Set("tool".to_owned()),
        recorded_at: Set(chrono::Utc::now()),
    }
    .insert(&tool)
    .await
    .expect("inserted");
    tool.close().await.expect("closed");

    let mut check = hub(&app.database_url);
    check.arg("check");
    let damaged = run(check).await;
    let stdout = text(&damaged.stdout);
    assert!(!damaged.status.success(), "{stdout}");
    assert_eq!(damaged.status.code(), Some(1));
    assert!(
        stdout.contains(&format!("internships: offer {offer} has 2 accepted nominations for 1 seats")),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!(
            "foreign key: internships_nominations row {} (offer_id) refers to a missing internships_offers row",
            dangling.id
        )),
        "{stdout}"
    );
    let returned = loan.returned_quantity + loan.handed_over_quantity + 1;
    assert!(
        stdout.contains(&format!(
            "equipment: request {} had {returned} units returned of {} handed over",
            loan.id, loan.handed_over_quantity
        )),
        "{stdout}"
    );
    assert!(text(&damaged.stderr).contains("consistency problem(s)"), "{}", text(&damaged.stderr));
    // The check changed nothing: the damage is still there for the operator to see.
    let mut check = hub(&app.database_url);
    check.arg("check");
    assert!(!run(check).await.status.success());
}

#[tokio::test]
async fn backup_refuses_postgresql_and_a_missing_database() {
    let refused = run({
        let mut command = hub("postgres://postgres@127.0.0.1:5432/postgres");
        command.args(["backup", "/tmp/never-written.db"]);
        command
    })
    .await;
    assert!(!refused.status.success());
    let stderr = text(&refused.stderr);
    assert!(stderr.contains("pg_dump") && stderr.contains("Backups and restore"), "{stderr}");

    let missing = temp_file("missing");
    let target = temp_file("target");
    let refused = run({
        let mut command = hub(&format!("{}?mode=rwc", sqlite_url(&missing)));
        command.arg("backup").arg(&target);
        command
    })
    .await;
    assert!(!refused.status.success(), "a mistyped path is an error, not an empty backup");
    assert!(!missing.exists() && !target.exists());

    // A database the hub never migrated is reported as such, and left as it was.
    let foreign = temp_file("foreign");
    let _removed = Removed(foreign.clone());
    let db = Database::connect(format!("{}?mode=rwc", sqlite_url(&foreign))).await.expect("created");
    db.execute_unprepared("CREATE TABLE notes (body TEXT)").await.expect("a table");
    db.close().await.expect("closed");
    let checked = run({
        let mut command = hub(&sqlite_url(&foreign));
        command.arg("check");
        command
    })
    .await;
    assert!(!checked.status.success());
    assert!(text(&checked.stdout).contains("migrations: none applied"), "{}", text(&checked.stdout));
}

/// Runs a PostgreSQL client tool; `None` when it is not installed.
fn pg_tool(name: &str, args: &[&str]) -> Option<Output> {
    match Command::new(name).args(args).output() {
        Ok(output) => Some(output),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => None,
        Err(err) => panic!("{name} failed to start: {err}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_postgresql_procedure_round_trips_to_a_consistent_database() {
    if pg_tool("pg_dump", &["--version"]).is_none() {
        assert!(!services_required(), "pg_dump is required (HUB_REQUIRE_SERVICES=1) but not installed");
        eprintln!("\n*** SKIPPED: pg_dump is not installed. ***\n");
        return;
    }
    let Some(app) = TestApp::spawn(Backend::Postgres).await else { return };
    for round in 0..3 {
        one_round(&app, round).await;
    }
    let dump = std::env::temp_dir().join(format!("hub-{}.dump", Uuid::now_v7().simple()));
    let dumped =
        pg_tool("pg_dump", &["--format=custom", "--file", dump.to_str().unwrap(), &app.database_url])
            .expect("pg_dump runs");
    assert!(dumped.status.success(), "{}", text(&dumped.stderr));

    let restored = TestDatabase::create(Backend::Postgres).await.expect("PostgreSQL answered a moment ago");
    let output = pg_tool(
        "pg_restore",
        &["--clean", "--if-exists", "--no-owner", "--dbname", &restored.url, dump.to_str().unwrap()],
    )
    .expect("pg_restore runs");
    let _ = std::fs::remove_file(&dump);
    assert!(output.status.success(), "{}", text(&output.stderr));

    let migrated = run({
        let mut command = hub(&restored.url);
        command.arg("migrate");
        command
    })
    .await;
    assert!(migrated.status.success(), "{}", text(&migrated.stderr));
    assert!(text(&migrated.stdout).contains("applied 0 migration(s)"), "{}", text(&migrated.stdout));
    let checked = run({
        let mut command = hub(&restored.url);
        command.arg("check");
        command
    })
    .await;
    assert!(checked.status.success(), "{}\n{}", text(&checked.stdout), text(&checked.stderr));

    let copy = Database::connect(&restored.url).await.expect("connected");
    for table in ["internships_offers", "internships_nominations", "hub_outbox", "directory_organizations"] {
        let sql = format!("SELECT COUNT(*) FROM {table}");
        assert_eq!(count(&copy, &sql).await, count(&app.db, &sql).await, "{table}");
    }

    // A relay gap (an unsent event below a sent one) and a cursor sequence set back, as a
    // careless restore could leave them, are named.
    copy.execute_unprepared(
        "UPDATE hub_outbox SET sent_at = NULL WHERE id = (SELECT MIN(id) FROM hub_outbox); \
         UPDATE hub_outbox SET sent_at = now() WHERE id = (SELECT MAX(id) FROM hub_outbox); \
         SELECT setval(pg_get_serial_sequence('hub_outbox', 'id'), 1)",
    )
    .await
    .expect("outbox damaged");
    // A foreign key left NOT VALID (as `ADD CONSTRAINT … NOT VALID` leaves it) is named.
    copy.execute_unprepared(
        "ALTER TABLE internships_nominations DROP CONSTRAINT fk_internships_nominations_offer; \
         ALTER TABLE internships_nominations ADD CONSTRAINT fk_internships_nominations_offer \
         FOREIGN KEY (offer_id) REFERENCES internships_offers (id) NOT VALID",
    )
    .await
    .expect("constraint replaced");
    copy.close().await.expect("closed");
    let checked = run({
        let mut command = hub(&restored.url);
        command.arg("check");
        command
    })
    .await;
    assert!(!checked.status.success());
    assert!(
        text(&checked.stdout)
            .contains("foreign key fk_internships_nominations_offer on internships_nominations is NOT VALID"),
        "{}",
        text(&checked.stdout)
    );
    assert!(text(&checked.stdout).contains("below the highest sent cursor"), "{}", text(&checked.stdout));
    assert!(text(&checked.stdout).contains("the cursor sequence stands at 1"), "{}", text(&checked.stdout));
}
