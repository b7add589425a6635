//! The CSV export: one row per group (or per enterprise) and a total row, for spreadsheet
//! programs. UTF-8 with a byte-order mark (without it Excel reads Vietnamese as Windows-1252),
//! comma-separated, every text field quoted, lines ending CRLF (RFC 4180). Money is whole VND,
//! dates dd/MM/yyyy. Figures the hub does not track (equipment, facilities or career events
//! without their module) are empty cells, not zeros.

use crate::figures::{Figures, Tracked};
use crate::period::Period;
use crate::service::{EnterpriseReport, GroupBy, GroupRow, SchoolRow, Summary};

const BOM: &str = "\u{feff}";

/// The figure columns, in order, shared by every report.
pub const FIGURE_HEADERS: [&str; 16] = [
    "Tin thực tập",
    "Chỗ thực tập",
    "Đề cử được nhận",
    "Thực tập hoàn thành",
    "Giờ thực tập",
    "Thiết bị tặng",
    "Giá trị tặng (VND)",
    "Thiết bị cho mượn",
    "Giá trị cho mượn (VND)",
    "Lượt đặt xưởng",
    "Người tham gia đặt xưởng",
    "Hợp tác hiệu lực",
    "Hoạt động hướng nghiệp",
    "Học sinh được tiếp cận",
    "Sự kiện hướng nghiệp tổ chức",
    "Học sinh đăng ký sự kiện",
];

/// The label of the total row.
pub const TOTAL_LABEL: &str = "Tổng cộng";

/// The label of the last row: unverified organizations that took part, left out of the
/// figures above.
pub const UNVERIFIED_LABEL: &str = "Tổ chức chưa xác minh (không tính)";

/// Quotes one text cell. Names are user input and officers open the file in Excel, which runs
/// a cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return as a formula (DDE and
/// `HYPERLINK` attacks), so such a cell gets a leading `'`, as OWASP's CSV-injection advice says.
fn quote(text: &str) -> String {
    let neutralised = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) { "'" } else { "" };
    format!("\"{neutralised}{}\"", text.replace('"', "\"\""))
}

fn figure_cells(f: &Figures, tracked: Tracked) -> Vec<String> {
    let tracked_if = |yes: bool, value: i64| if yes { value.to_string() } else { String::new() };
    vec![
        f.offers.to_string(),
        f.seats.to_string(),
        f.nominations_accepted.to_string(),
        f.placements_completed.to_string(),
        f.placement_hours.to_string(),
        tracked_if(tracked.equipment, f.equipment_donations),
        tracked_if(tracked.equipment, f.equipment_donated_value_vnd),
        tracked_if(tracked.equipment, f.equipment_loans),
        tracked_if(tracked.equipment, f.equipment_lent_value_vnd),
        tracked_if(tracked.facilities, f.bookings_hosted),
        tracked_if(tracked.facilities, f.booking_participants),
        f.active_partnerships.to_string(),
        f.engagements.to_string(),
        f.students_reached.to_string(),
        tracked_if(tracked.careers, f.career_events_hosted),
        tracked_if(tracked.careers, f.career_event_students),
    ]
}

fn line(cells: Vec<String>) -> String {
    let mut text = cells.join(",");
    text.push_str("\r\n");
    text
}

fn period_line(period: Period) -> String {
    format!("{} - {}", period.from.format("%d/%m/%Y"), period.to.format("%d/%m/%Y"))
}

fn group_cells(label: String, group: &GroupRow, period: Period, tracked: Tracked) -> Vec<String> {
    let mut cells = vec![quote(&label), quote(&period_line(period))];
    cells.push(group.organizations.to_string());
    cells.push(group.participating.to_string());
    cells.extend(figure_cells(&group.figures, tracked));
    cells
}

/// A summary by area or by sector, then its total.
pub fn summary_csv(summary: &Summary, tracked: Tracked) -> String {
    let first = match summary.group_by {
        GroupBy::Area => "Khu vực",
        GroupBy::Sector => "Ngành (VSIC)",
    };
    let mut header = vec![first, "Kỳ báo cáo", "Số tổ chức", "Số tổ chức tham gia"];
    header.extend(FIGURE_HEADERS);
    let mut text = String::from(BOM);
    text.push_str(&line(header.into_iter().map(quote).collect()));
    for group in &summary.groups {
        let label = match (summary.group_by, &group.area, group.sector) {
            (GroupBy::Area, Some(area), _) => area.name.clone(),
            (GroupBy::Sector, _, Some(sector)) => format!("{} - {}", sector.code, sector.name_vi),
            (GroupBy::Area, None, _) => "Chưa rõ khu vực".to_owned(),
            (GroupBy::Sector, _, None) => "Chưa rõ ngành".to_owned(),
        };
        text.push_str(&line(group_cells(label, group, summary.period, tracked)));
    }
    text.push_str(&line(group_cells(TOTAL_LABEL.to_owned(), &summary.total, summary.period, tracked)));
    let mut cells = vec![quote(UNVERIFIED_LABEL), quote(&period_line(summary.period))];
    cells.push(summary.unverified_left_out.to_string());
    cells.resize(4 + FIGURE_HEADERS.len(), String::new());
    text.push_str(&line(cells));
    text
}

/// One row per verified enterprise, the total, then how many unverified ones were left out.
pub fn enterprise_csv(report: &EnterpriseReport, period: Period, tracked: Tracked) -> String {
    let EnterpriseReport { rows, total, unverified_left_out } = report;
    let mut header = vec!["Mã số thuế", "Tổ chức", "Khu vực", "Ngành (VSIC)", "Kỳ báo cáo"];
    header.extend(FIGURE_HEADERS);
    let mut text = String::from(BOM);
    text.push_str(&line(header.into_iter().map(quote).collect()));
    for row in rows {
        let mut cells = vec![
            quote(row.organization.tax_code.as_deref().unwrap_or("")),
            quote(&row.organization.name),
            quote(row.area.as_ref().map(|a| a.name.as_str()).unwrap_or("")),
            quote(&row.organization.industry_code.clone().unwrap_or_default()),
            quote(&period_line(period)),
        ];
        cells.extend(figure_cells(&row.figures, tracked));
        text.push_str(&line(cells));
    }
    let mut cells = vec![quote(""), quote(TOTAL_LABEL), quote(""), quote(""), quote(&period_line(period))];
    cells.extend(figure_cells(&total.figures, tracked));
    text.push_str(&line(cells));
    let label = format!("{UNVERIFIED_LABEL}: {unverified_left_out}");
    let mut cells = vec![quote(""), quote(&label), quote(""), quote(""), quote(&period_line(period))];
    cells.resize(5 + FIGURE_HEADERS.len(), String::new());
    text.push_str(&line(cells));
    text
}

/// One row per school that registered students for career events held in the period, then
/// the total.
pub fn school_csv(rows: &[SchoolRow], period: Period) -> String {
    let header = ["Trường", "Khu vực", "Kỳ báo cáo", "Sự kiện hướng nghiệp đã đăng ký", "Học sinh đăng ký"];
    let mut text = String::from(BOM);
    text.push_str(&line(header.into_iter().map(quote).collect()));
    for row in rows {
        text.push_str(&line(vec![
            quote(&row.organization.name),
            quote(row.area.as_ref().map(|a| a.name.as_str()).unwrap_or("")),
            quote(&period_line(period)),
            row.events.to_string(),
            row.students.to_string(),
        ]));
    }
    // Schools join events, not the other way round, so the events column has no total: one
    // event several schools joined would count several times.
    let students: i64 = rows.iter().map(|row| row.students).sum();
    text.push_str(&line(vec![
        quote(TOTAL_LABEL),
        quote(""),
        quote(&period_line(period)),
        String::new(),
        students.to_string(),
    ]));
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_are_doubled() {
        assert_eq!(quote("Công ty \"Sao\", Hải Phòng"), "\"Công ty \"\"Sao\"\", Hải Phòng\"");
    }

    #[test]
    fn formula_starts_are_neutralised() {
        for start in ["=", "+", "-", "@", "\t", "\r"] {
            assert_eq!(quote(&format!("{start}1+1")), format!("\"'{start}1+1\""));
        }
        assert_eq!(quote("Công ty = 1"), "\"Công ty = 1\"", "only the first character matters");
    }
}
