//! Support lines to show the victim (§6.3), exactly as the protocol gives them.

/// (who, how to reach them). Numbers as in the protocol; the last two have no
/// number of their own.
pub const SUPPORT_LINES: &[(&str, &str)] = &[
    ("Slachtofferhulp", "0900 0101"),
    ("Instituut voor Psychotrauma (kantooruren)", "020 840 76 20"),
    ("Instituut voor Psychotrauma (24/7)", "088 33 05 112"),
    (
        "Vertrouwenslijn (dagelijks 10:00–17:00, anoniem)",
        "0800 2800 200",
    ),
    ("Vertrouwenslijn, kantoor", "088 5543218"),
    (
        "NVvR-ambassadeursnetwerk",
        "emotionele ondersteuning via de Nederlandse Vereniging voor Raadsleden",
    ),
    (
        "Arbodienst / bedrijfsarts",
        "via de arbodienstverlening van de gemeente (ook voor het thuisfront)",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn number(name: &str) -> &'static str {
        SUPPORT_LINES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| *v)
            .unwrap()
    }

    #[test]
    fn numbers_match_the_protocol() {
        assert_eq!(number("Slachtofferhulp"), "0900 0101");
        assert_eq!(
            number("Instituut voor Psychotrauma (kantooruren)"),
            "020 840 76 20"
        );
        assert_eq!(
            number("Instituut voor Psychotrauma (24/7)"),
            "088 33 05 112"
        );
        assert_eq!(
            number("Vertrouwenslijn (dagelijks 10:00–17:00, anoniem)"),
            "0800 2800 200"
        );
        assert_eq!(number("Vertrouwenslijn, kantoor"), "088 5543218");
        assert!(SUPPORT_LINES.iter().any(|(n, _)| n.contains("NVvR")));
        assert!(SUPPORT_LINES.iter().any(|(n, _)| n.contains("Arbodienst")));
    }
}
