//! What `hub check` asks of this module's tables: the seat rule, read back from the rows.

use sea_orm::{ConnectionTrait, DbErr, Statement};
use uuid::Uuid;

/// Offers whose accepted nominations exceed their seats, or whose `accepted_count` disagrees
/// with the nominations it counts (accepted or completed ones), one line each; none when
/// consistent. Read-only.
pub async fn consistency_problems<C: ConnectionTrait>(db: &C) -> Result<Vec<String>, DbErr> {
    let backend = db.get_database_backend();
    let rows = db
        .query_all_raw(Statement::from_string(
            backend,
            "SELECT o.id AS id, o.seats AS seats, o.accepted_count AS accepted_count, \
             COUNT(n.id) AS accepted \
             FROM internships_offers o \
             LEFT JOIN internships_nominations n \
             ON n.offer_id = o.id AND n.status IN ('ACCEPTED', 'COMPLETED') \
             GROUP BY o.id, o.seats, o.accepted_count \
             HAVING COUNT(n.id) > o.seats OR COUNT(n.id) <> o.accepted_count OR o.accepted_count > o.seats \
             ORDER BY o.id"
                .to_owned(),
        ))
        .await?;
    let mut problems = Vec::with_capacity(rows.len());
    for row in rows {
        let id: Uuid = row.try_get("", "id")?;
        let seats: i32 = row.try_get("", "seats")?;
        let counted: i32 = row.try_get("", "accepted_count")?;
        let accepted: i64 = row.try_get("", "accepted")?;
        if accepted > i64::from(seats) {
            problems.push(format!(
                "internships: offer {id} has {accepted} accepted nominations for {seats} seats"
            ));
        }
        if accepted != i64::from(counted) {
            problems.push(format!(
                "internships: offer {id} counts {counted} accepted nominations but {accepted} are accepted or completed"
            ));
        }
        if counted > seats && accepted <= i64::from(seats) {
            problems.push(format!("internships: offer {id} counts {counted} accepted for {seats} seats"));
        }
    }
    Ok(problems)
}
