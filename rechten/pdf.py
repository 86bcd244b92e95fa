"""The inzage answer as a PDF (fpdf2, pure Python): the same content as the JSON, laid out for reading."""

from fpdf import FPDF


def _tekst(waarde):
    # The core fonts are Latin-1; replace what it cannot show rather than fail on a name.
    tekst = "" if waarde is None else str(waarde)
    return tekst.replace("–", "-").replace("—", "-").encode("latin-1", "replace").decode("latin-1")


def inzage_pdf(gegevens):
    pdf = FPDF()
    pdf.set_title("Inzage persoonsgegevens Verzuimloket")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()

    def kop(tekst, grootte=13):
        pdf.set_font("Helvetica", "B", grootte)
        pdf.multi_cell(0, 8, _tekst(tekst), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 9)

    def regel(sleutel, waarde):
        pdf.multi_cell(0, 5, _tekst(f"{sleutel}: {waarde}"), new_x="LMARGIN", new_y="NEXT")

    kop("Inzage: gegevens in het Verzuimloket", 15)
    regel("Verzoek ontvangen op", gegevens["verzoek"]["ontvangen_op"])
    regel("Uiterlijk te beantwoorden op", gegevens["verzoek"]["uiterlijk_op"])
    kop("Gegevens uit Bron (Basisregister onderwijs)")
    if gegevens["bron"] is None:
        regel("Bron", "geen gegevens")
    else:
        for sleutel, waarde in gegevens["bron"].items():
            if sleutel == "inschrijvingen":
                for inschrijving in waarde:
                    regel("inschrijving", ", ".join(f"{k} {v}" for k, v in inschrijving.items() if v))
            else:
                regel(sleutel, waarde)
    kop(f"Meldingen ({len(gegevens['meldingen'])})")
    for melding in gegevens["meldingen"]:
        kop(f"Melding {melding['meldingsnummer']}", 11)
        for sleutel, waarde in melding.items():
            if sleutel == "historie":
                for h in waarde:
                    regel(
                        "historie",
                        f"{h['created_at']} {h['actie']} {h['van_status']} -> {h['naar_status']} {h['door_naam']}",
                    )
            elif waarde not in (None, "", [], {}):
                regel(sleutel, waarde)
    kop(f"Wie heeft de gegevens ingezien ({len(gegevens['toegang'])})")
    for r in gegevens["toegang"]:
        regel(
            r["tijdstip"], f"{r['organisatie'] or 'loket'} ({r['rol']}): {r['actie']} {r['object']} - {r['resultaat']}"
        )
    return bytes(pdf.output())
