//! The CSV import is all or nothing: a file with one bad row imports nothing and names the row
//! and the column; a good file imports every row.

use sea_orm::{EntityTrait, PaginatorTrait};

use super::*;

const HEADER: &str = "period,year,number,occupation_code,vsic_section,area_code,vacancies,job_seekers,hires,forecast,publisher,source_document";

fn row(number: i32, vacancies: &str) -> String {
    format!(
        "QUARTER,2026,{number},7212,,HP,{vacancies},80,60,\"Tăng nhẹ, nhất là hàn tàu\",Trung tâm Dịch vụ việc làm Hải Phòng,Bản tin quý {number}/2026"
    )
}

async fn bulletin_count(app: &TestApp) -> u64 {
    careers::entity::bulletin::Entity::find().count(&app.db).await.expect("a count")
}

hub_test!(async fn a_file_with_one_bad_row_imports_nothing_and_names_the_row(app) {
    let before = bulletin_count(&app).await;
    // Line 4 (the header is line 1) has a vacancy count that is not a number.
    let csv = [HEADER.to_owned(), row(1, "120"), row(2, "130"), row(3, "nhiều"), row(4, "150")].join("\n");
    let data = app.data(Some(&officer(&app)), IMPORT, json!({ "csv": csv })).await;
    let outcome = &data["importLabourMarketBulletins"];
    assert_eq!(outcome["imported"], 0);
    assert_eq!(outcome["errors"], json!([{ "row": 4, "field": "vacancies", "message": "vacancies must be a whole number" }]));
    assert_eq!(bulletin_count(&app).await, before, "nothing was imported");

    // Several bad rows are all reported, each with its column.
    let csv = [
        HEADER.to_owned(),
        // Quarter 5, an occupation not in the catalogue, both an occupation and a section, an
        // area that does not exist.
        row(5, "120"),
        "QUARTER,2026,1,9999,,HP,1,1,1,x,y,z".to_owned(),
        "QUARTER,2026,1,7212,C,HP,1,1,1,x,y,z".to_owned(),
        "QUARTER,2026,1,7212,,NOWHERE,1,1,1,x,y,z".to_owned(),
    ]
    .join("\r\n");
    let data = app.data(Some(&officer(&app)), IMPORT, json!({ "csv": csv })).await;
    let errors = data["importLabourMarketBulletins"]["errors"].as_array().unwrap().clone();
    let named: Vec<(i64, &str)> = errors.iter().map(|e| (e["row"].as_i64().unwrap(), e["field"].as_str().unwrap())).collect();
    assert_eq!(named, [(2, "number"), (3, "occupation_code"), (4, "occupation_code"), (5, "area_code")], "{errors:?}");
    assert_eq!(bulletin_count(&app).await, before);

    let csv = [HEADER.to_owned(), row(1, "120"), row(2, "130"), row(3, "140")].join("\n");
    let data = app.data(Some(&officer(&app)), IMPORT, json!({ "csv": csv })).await;
    assert_eq!(data["importLabourMarketBulletins"], json!({ "imported": 3, "errors": [] }));
    assert_eq!(bulletin_count(&app).await, before + 3);
    let query = "query { labourMarketBulletins(filter: { occupationCode: \"7212\", year: 2026 }, first: 10) { edges { node { number forecast demonstration } } } }";
    let list = nodes(&app.data(None, query, json!({})).await["labourMarketBulletins"]);
    let imported: Vec<&Value> = list.iter().filter(|b| b["demonstration"] == false).collect();
    assert_eq!(imported.len(), 3);
    assert_eq!(imported[0]["forecast"], "Tăng nhẹ, nhất là hàn tàu");
});
