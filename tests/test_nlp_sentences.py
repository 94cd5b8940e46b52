from flashpoint.nlp.sentences import split_sentences


def test_spans_slice_text_and_paragraphs_split():
    text = "Iran vowed a response. Israel said nothing.\n\nNEWSLETTER\n\n  Troops were deployed on Monday.  "
    sents = split_sentences(text)
    assert [s.text for s in sents] == ["Iran vowed a response.", "Israel said nothing.", "NEWSLETTER", "Troops were deployed on Monday."]
    for k, s in enumerate(sents):
        assert s.index == k
        assert text[s.start:s.end] == s.text


def test_very_long_run_is_cut():
    text = ("word " * 1000).strip()
    sents = split_sentences(text)
    assert len(sents) >= 2
    assert all(len(s.text) <= 2000 for s in sents)
    assert all(text[s.start:s.end] == s.text for s in sents)


def test_empty_text():
    assert split_sentences("   \n\n ") == []


def test_dateline_length_cuts_wire_datelines_only():
    from flashpoint.nlp.sentences import dateline_length

    for text, line in [
        ("ALGIERS, Algeria - Police arrested ten men.", "ALGIERS, Algeria - "),
        ("KABUL, Afghanistan (AP) \u2014 Taliban fighters attacked a post.", "KABUL, Afghanistan (AP) \u2014 "),
        ("WASHINGTON, Jan 5 (Reuters) - The US imposed sanctions.", "WASHINGTON, Jan 5 (Reuters) - "),
        ('WASHINGTON (AP) " President Trump granted a pardon.', 'WASHINGTON (AP) " '),  # the dash came through as a quote
        ("Mexico: Gunmen killed two police officers.", "Mexico: "),
        ("Movement of forces: On 3 May 2020, Turkish forces deployed.", "Movement of forces: "),  # a label
        ("Reuters - The United States declared genocide.", "Reuters - "),  # an agency's name alone
        ("AP - The Supreme Court agreed to review a law.", "AP - "),
    ]:
        assert text[: dateline_length(text)] == line
    for text in ("UN says Iran attacked a tanker.", "IS militants attacked Iraqi forces.", 'US "will respond", he said.',
                 "NATO strengthened its forces.", "Officials said: The army will withdraw.",
                 "The minister told reporters: The war is over."):  # a speaker's words are no label
        assert dateline_length(text) == 0


def test_a_title_case_town_and_date_closed_by_an_agency_or_a_dash_is_a_dateline() -> None:
    from flashpoint.nlp.sentences import dateline_length

    for text, line in [
        ("Tehran, March 15, IRNA - The speaker condemned the raid.", "Tehran, March 15, IRNA - "),
        ("Bogota, March 8 (IANS) The interim president rejected it.", "Bogota, March 8 (IANS) "),
        ("New Delhi, Jan. 5 - Police arrested ten men.", "New Delhi, Jan. 5 - "),
        ("Kabul, May 3, 2020 -- Gunmen killed two guards.", "Kabul, May 3, 2020 -- "),
        ("Ramallah, Dec 14 (Prensa Latina) Israeli forces arrested 100 people.", "Ramallah, Dec 14 (Prensa Latina) "),
    ]:
        assert text[: dateline_length(text)] == line
    for text in ("Paris, France, said today it would act.", "Tehran, March 15, IRNA says Iran will act.",
                 "Police said on May 3 that ten died.", "Kabul, May 3, was quiet."):
        assert dateline_length(text) == 0


def test_a_photo_captions_positions_after_names_are_found() -> None:
    from flashpoint.nlp.sentences import caption_positions

    def found(text: str) -> list[str]:
        return [text[a:b] for a, b in caption_positions(text)]

    assert found("Christian Porter, left, and Mitch Fifield hold a press conference.") == [", left,"]
    assert found("Vladimir Putin, second left, and Dmitry Medvedev, left, attended a meeting.") == [
        ", second left,", ", left,"]
    assert found("Putin (L) and Erdogan (R) shake hands.") == [" (L)", " (R)"]
    assert found("The convoy turned left, then right, at the border.") == []


def test_an_agency_credit_closing_a_headline_is_found() -> None:
    from flashpoint.nlp.sentences import wire_credit

    for text in ("Gunmen Seize Three Britons in Baghdad (Reuters)", "Moderate Republicans Criticize Bush (AP).",
                 "Suicide bomber kills 10 in Moscow (AFP) "):
        span = wire_credit(text)
        assert span is not None and text[span[0]:span[1]].strip(" .") in ("(Reuters)", "(AP)", "(AFP)")
    for text in ("Reuters reported that gunmen seized three Britons.", "The AP (Associated Press) reported it.",
                 "Talks with the Palestinian Authority (PA)"):
        assert wire_credit(text) is None


def test_the_qualifiers_of_a_sentences_opening_place() -> None:
    from flashpoint.nlp.sentences import setting_qualifiers

    def quals(text: str) -> str | None:
        span = setting_qualifiers(text)
        return text[span[0]:span[1]] if span else None

    assert quals("On 2 May 2020, in Cuauhtemoc, Ciudad de Mexico, a group of musicians protested.") == (
        ", Ciudad de Mexico")
    assert quals("Around 3 May 2020 (as reported), in the Municipality of Sain Alto, Zacatecas, three women were "
                 "found dead.") == ", Zacatecas"
    assert quals("In Machiques de Perija, La Guajira, Zulia state, residents protested.") == ", La Guajira, Zulia state"
    assert quals("On 1 May 2020, in Temuco, Araucania, Police arrested two men.") == ", Araucania"
    for text in ("In Kabul, police arrested two men.", "In Paris, Lyon and Marseille, thousands marched.",
                 "Police in Kabul, Kandahar and Herat arrested two men."):
        assert quals(text) is None


def test_a_sentences_opening_place() -> None:
    from flashpoint.nlp.sentences import opening_setting

    def setting(text: str) -> str | None:
        span = opening_setting(text)
        return text[span[0]:span[1]] if span else None

    assert setting("On 6 May 2020, in Acapulco, Guerrero, two armed men shot a man.") == "Acapulco, Guerrero"
    assert setting("In Kabul, police arrested two men.") == "Kabul"
    for text in ("Police in Kabul arrested two men.", "In Paris, Lyon and Marseille, thousands marched.",
                 "In a statement, the ministry said ten died."):
        assert setting(text) is None
    # a part of a place ("the outskirts of", "the rural area of"), and a named community or sector
    assert setting("On 3 May 2020, on the outskirts of Mrauk-U Town, Mrauk-U Township, Rakhine State, Myanmar troops "
                   "detained a man.") == "the outskirts of Mrauk-U Town, Mrauk-U Township, Rakhine State"
    assert setting("In the rural area of Freire, Araucania region, three tractors were burned.") == (
        "the rural area of Freire, Araucania region")
    assert setting("In the Cano Raya community, Tibu, Norte de Santander department, a leader was killed.") == (
        "the Cano Raya community, Tibu, Norte de Santander department")
    # a subject naming two parties is no list of places
    assert setting("On 5 May 2020, in Trelew (Chubut), the Retirees Center of ATE (Association of State Workers) and "
                   "teachers gathered in the Independence Square.") == "Trelew (Chubut)"
    assert setting("In Cairo, Egypt and Jordan signed a deal.") == "Cairo"
    for text in ("At the request of Iran, Iraq, and Syria, the council met.", "In Iran, Iraq, and Syria, people voted.",
                 "In the evening, a large number of residents rallied."):
        assert setting(text) is None


def test_an_opening_place_with_no_preposition_after_a_date_and_closed_by_a_division() -> None:
    """ACLED's Venezuelan notes: "On 29 April 2020, Caripe, Monagas state, a group of people blocked roads": the
    place is the setting and is blanked whole for the parse (it had been the protest's doer, with no place)."""
    from flashpoint.nlp.sentences import opening_setting, setting_qualifiers

    text = "On 29 April 2020, Caripe, Monagas state, a group of people, including farmers, blocked roads."
    span = opening_setting(text)
    assert span is not None and text[span[0]:span[1]] == "Caripe, Monagas state" and setting_qualifiers(text) == span
    for text in ("On Monday, Joe Biden, the president, said so.", "On 3 May 2020, Kabul police arrested two men.",
                 "Caripe, Monagas state, is a town.", "On 4 May, Barinas, Caripe and Carora, residents marched."):
        assert opening_setting(text) is None
