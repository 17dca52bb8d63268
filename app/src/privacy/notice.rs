//! The privacy notice (GDPR art. 13/14) in French, Dutch and English, shown at /privacy and linked from every page.
use crate::i18n::Locale;

/// The version of the notice people consent to; bump it when the text changes meaningfully.
pub const NOTICE_VERSION: &str = "2026-11";

/// One part of the notice: a heading and its paragraphs.
pub struct Section {
    pub title: &'static str,
    pub paragraphs: &'static [&'static str],
}

/// The notice's title in the given language.
pub fn title(locale: Locale) -> &'static str {
    match locale {
        Locale::fr => "Déclaration de confidentialité",
        Locale::nl => "Privacyverklaring",
        Locale::en => "Privacy notice",
    }
}

/// The notice's sections in the given language.
pub fn sections(locale: Locale) -> &'static [Section] {
    match locale {
        Locale::fr => FR,
        Locale::nl => NL,
        Locale::en => EN,
    }
}

const EN: &[Section] = &[
    Section {
        title: "Who is responsible for your data",
        paragraphs: &[
            "The Duo mentoring programme is run by a Belgian non-profit association (asbl/vzw) \
             with offices in Brussels, Liège, Antwerp and Ghent. This association is the \
             controller of your personal data: it decides why and how your data is used, and it \
             is accountable for it.",
            "If you have a question about your data or about this notice, write to our \
             data-protection contact at privacy@duo.example. You can also ask your coordinator, \
             who will pass your question on.",
        ],
    },
    Section {
        title: "What we hold about you and why",
        paragraphs: &[
            "Who you are and how to reach you: your first name and surname, your e-mail address, \
             your phone number (in international format, for example starting with +32 for \
             Belgium), the office that follows you and the languages you speak.",
            "Your profile, so that we can form a duo that suits you: the sectors you are looking \
             for work in (mentees) or know from your career (mentors), your career plan, your \
             years of experience, the support you need, when you are available during the week, \
             your postcode, whether you are happy to meet online, your gender if you choose to \
             give it and, only if you wish, the gender you would prefer your partner to have.",
            "The life of your duo: the introduction meeting, the dates you agree on, your \
             meetings (date, duration, how you met, the topics you discussed and a short note), \
             the goals of your action plan, your check-ins with your coordinator, and your \
             situation when the duo ends and again 6 and 12 months later (job, training, \
             internship, studies or still searching).",
            "If you have an account (mentors and staff), we also keep the e-mail address you \
             sign in with, your password in hashed form, your role and your active sessions.",
            "We use this data to run the mentoring programme: to get to know you, to form a duo \
             that works for both partners, to follow and support the duo, and to report on what \
             the programme achieves. Our funders only ever receive anonymous figures for the \
             programme as a whole, never anything about you personally.",
        ],
    },
    Section {
        title: "Checking that you can join the programme",
        paragraphs: &[
            "The programme is meant for young people of foreign origin. Checking that you are \
             eligible therefore touches on information that may reveal ethnic origin, which the \
             GDPR treats as a special category of data (Article 9). We only carry out this check \
             with your explicit consent, which we ask for separately.",
            "At your intake interview, your coordinator looks at a document showing that you \
             meet one of the eligibility criteria. We record only which criterion was verified, \
             by whom and on what date. We do not keep a copy of the document.",
            "We never record your nationality, your place of birth or your parents' place of \
             birth. The eligibility information is never used to form duos, and your mentor \
             does not see it.",
        ],
    },
    Section {
        title: "The legal basis for using your data",
        paragraphs: &[
            "Your participation in the programme is based on your consent (Article 6(1)(a) \
             GDPR). The eligibility check is based on your explicit consent (Article 9(2)(a) \
             GDPR).",
            "We ask you separately whether we may use photos of you and whether we may share \
             your testimonial. Both are optional: saying no changes nothing about your place in \
             the programme.",
            "The security log described below is based on our legitimate interest in protecting \
             your data and in being able to show who accessed it (Article 6(1)(f) GDPR).",
        ],
    },
    Section {
        title: "Who can see your data",
        paragraphs: &[
            "The coordinators of your office, who meet you, form the duo and follow it.",
            "If you are a mentee, your mentor sees only your first name, your contact details, \
             the sector you are looking for work in and your languages, plus the action plan you \
             share and the meetings of your duo. Your mentor does not see your surname or \
             anything about your eligibility.",
            "Headquarters sees only figures, without any names. Any figure that concerns fewer \
             than 5 people is hidden, so that no one can be recognised.",
            "The administrators of the platform, as far as their work requires it, for example \
             to manage accounts and settings.",
            "We never sell your data and never transfer it outside the European Union. The \
             platform is hosted in the EU, and the companies that host it and send our e-mails \
             act only on our instructions.",
        ],
    },
    Section {
        title: "How long we keep your data",
        paragraphs: &[
            "We keep your data for as long as you take part in the programme, and then for a set \
             period after your last follow-up: by default, 24 months after the follow-up that \
             takes place 12 months after your duo ends. Your record is then anonymised \
             automatically: your name, your contact details and anything else that could \
             identify you, including all written notes, are removed for good.",
            "If you withdraw your consent to take part (or, for mentees, your consent to the \
             eligibility check), your participation ends and your record is anonymised during \
             the next automatic clean-up, which runs every day.",
            "Anonymous figures, which can no longer be linked to you, are kept so that the \
             programme's results remain accurate.",
            "We also keep a security log of who read or changed personal data, and when. It \
             notes which record and which fields were concerned, not their content, and we keep \
             it so that we can show the authorities who saw what.",
        ],
    },
    Section {
        title: "Your rights",
        paragraphs: &[
            "You have the right to see the data we hold about you and to receive a copy of it in \
             a portable format (JSON), to have incorrect data corrected, to have your data \
             erased, to restrict its use and to object to its use.",
            "You can withdraw your consent at any time. This does not affect the lawfulness of \
             what was done with your data before you withdrew it.",
            "To exercise any of these rights, ask your coordinator or write to \
             privacy@duo.example. We will reply within one month.",
            "If you are not satisfied with our reply, you can lodge a complaint with the Belgian \
             Data Protection Authority (www.dataprotectionauthority.be).",
        ],
    },
    Section {
        title: "How we protect your data",
        paragraphs: &[
            "Passwords are never stored as such, only in hashed form, from which the password \
             cannot be recovered. All connections to the platform are encrypted.",
            "Everyone sees only what their role requires, and every access to personal data is \
             logged. The number of sign-in attempts is limited to prevent passwords from being \
             guessed.",
        ],
    },
    Section {
        title: "Changes to this notice",
        paragraphs: &[
            "This is version 2026-11 of this notice, dated November 2026.",
            "When we change the notice in a meaningful way, we give it a new version number and \
             date, and we show you the new version. If the change affects what you agreed to, we \
             ask for your consent again.",
        ],
    },
];

const FR: &[Section] = &[
    Section {
        title: "Qui est responsable de vos données",
        paragraphs: &[
            "Le programme de mentorat Duo est organisé par une asbl belge qui a des antennes à \
             Bruxelles, Liège, Anvers et Gand. Cette asbl est responsable du traitement de vos \
             données personnelles : c’est elle qui décide pourquoi et comment elles sont \
             utilisées, et c’est elle qui en répond.",
            "Pour toute question sur vos données ou sur cette déclaration, écrivez à notre \
             contact pour la protection des données à l’adresse privacy@duo.example. Vous pouvez \
             aussi vous adresser à votre coordinateur ou coordinatrice, qui transmettra votre \
             question.",
        ],
    },
    Section {
        title: "Les données que nous gardons, et pourquoi",
        paragraphs: &[
            "Qui vous êtes et comment vous joindre : vos nom et prénom, votre adresse e-mail, \
             votre numéro de téléphone (au format international, par exemple avec +32 pour la \
             Belgique), l’antenne qui vous suit et les langues que vous parlez.",
            "Votre profil, pour former un duo qui vous convient : les secteurs dans lesquels vous \
             cherchez du travail (mentees) ou que vous connaissez par votre carrière (mentors), \
             votre projet professionnel, vos années d’expérience, le soutien dont vous avez \
             besoin, vos disponibilités dans la semaine, votre code postal, si vous acceptez de \
             vous rencontrer en ligne, votre genre si vous souhaitez l’indiquer et, seulement si \
             vous le souhaitez, le genre que vous préférez pour votre binôme.",
            "La vie de votre duo : la rencontre de présentation, les dates convenues, vos \
             rencontres (date, durée, manière de vous rencontrer, sujets abordés et une courte \
             note), les objectifs de votre plan d’action, les points de suivi avec votre \
             coordinateur ou coordinatrice, et votre situation à la fin du duo puis 6 et 12 mois \
             plus tard (emploi, formation, stage, études ou toujours en recherche).",
            "Si vous avez un compte (mentors et équipe), nous gardons aussi l’adresse e-mail avec \
             laquelle vous vous connectez, votre mot de passe sous forme hachée, votre rôle et \
             vos sessions ouvertes.",
            "Nous utilisons ces données pour faire vivre le programme de mentorat : apprendre à \
             vous connaître, former un duo qui convient aux deux partenaires, suivre et soutenir \
             le duo, et rendre compte des résultats du programme. Nos pouvoirs subsidiants et \
             autres financeurs ne reçoivent que des chiffres anonymes pour l’ensemble du \
             programme, jamais d’information sur vous personnellement.",
        ],
    },
    Section {
        title: "La vérification des conditions d’accès",
        paragraphs: &[
            "Le programme s’adresse aux jeunes d’origine étrangère. Vérifier que vous pouvez y \
             participer touche donc à des informations qui peuvent révéler une origine ethnique, \
             une catégorie particulière de données au sens du RGPD (article 9). Nous ne faisons \
             cette vérification qu’avec votre consentement explicite, que nous vous demandons \
             séparément.",
            "Lors de votre entretien d’inscription, votre coordinateur ou coordinatrice consulte \
             un document qui montre que vous remplissez l’un des critères d’accès. Nous \
             enregistrons uniquement le critère vérifié, qui l’a vérifié et à quelle date. Nous \
             ne gardons pas de copie du document.",
            "Nous n’enregistrons jamais votre nationalité, votre lieu de naissance ni celui de \
             vos parents. L’information sur les conditions d’accès ne sert jamais à former les \
             duos, et votre mentor n’y a pas accès.",
        ],
    },
    Section {
        title: "Sur quelle base légale",
        paragraphs: &[
            "Votre participation au programme repose sur votre consentement (article 6.1.a du \
             RGPD). La vérification des conditions d’accès repose sur votre consentement \
             explicite (article 9.2.a du RGPD).",
            "Nous vous demandons séparément si nous pouvons utiliser des photos de vous et si \
             nous pouvons partager votre témoignage. Les deux sont facultatifs : refuser ne \
             change rien à votre place dans le programme.",
            "Le journal de sécurité décrit plus bas repose sur notre intérêt légitime à protéger \
             vos données et à pouvoir montrer qui y a accédé (article 6.1.f du RGPD).",
        ],
    },
    Section {
        title: "Qui voit vos données",
        paragraphs: &[
            "Les coordinateurs et coordinatrices de votre antenne, qui vous rencontrent, forment \
             le duo et le suivent.",
            "Si vous êtes mentee, votre mentor voit uniquement votre prénom, vos coordonnées, le \
             secteur dans lequel vous cherchez du travail et vos langues, ainsi que le plan \
             d’action que vous partagez et les rencontres de votre duo. Votre mentor ne voit ni \
             votre nom de famille ni rien qui concerne les conditions d’accès.",
            "Le siège ne voit que des chiffres, sans aucun nom. Tout chiffre qui concerne moins \
             de 5 personnes est masqué, pour que personne ne puisse être reconnu.",
            "Les personnes qui administrent la plateforme, dans la mesure où leur travail \
             l’exige, par exemple pour gérer les comptes et les paramètres.",
            "Nous ne vendons jamais vos données et ne les transférons jamais en dehors de l’Union \
             européenne. La plateforme est hébergée dans l’UE, et les entreprises qui l’hébergent \
             et qui envoient nos e-mails agissent uniquement sur nos instructions.",
        ],
    },
    Section {
        title: "Combien de temps nous gardons vos données",
        paragraphs: &[
            "Nous gardons vos données tant que vous participez au programme, puis pendant une \
             durée fixée après votre dernier suivi : par défaut, 24 mois après le suivi qui a \
             lieu 12 mois après la fin de votre duo. Votre dossier est ensuite anonymisé \
             automatiquement : votre nom, vos coordonnées et tout ce qui pourrait vous \
             identifier, y compris toutes les notes écrites, sont effacés définitivement.",
            "Si vous retirez votre consentement à participer (ou, pour les mentees, votre \
             consentement à la vérification des conditions d’accès), votre participation prend \
             fin et votre dossier est anonymisé lors du nettoyage automatique suivant, qui a lieu \
             chaque jour.",
            "Les chiffres anonymes, qui ne peuvent plus être reliés à vous, sont conservés pour \
             que les résultats du programme restent exacts.",
            "Nous tenons aussi un journal de sécurité qui indique qui a consulté ou modifié des \
             données personnelles, et quand. Il note quel dossier et quels champs étaient \
             concernés, pas leur contenu, et nous le conservons pour pouvoir montrer aux \
             autorités qui a vu quoi.",
        ],
    },
    Section {
        title: "Vos droits",
        paragraphs: &[
            "Vous avez le droit de consulter les données que nous avons sur vous et d’en recevoir \
             une copie dans un format portable (JSON), de faire corriger des données inexactes, \
             de faire effacer vos données, d’en limiter l’utilisation et de vous opposer à leur \
             utilisation.",
            "Vous pouvez retirer votre consentement à tout moment. Ce retrait ne remet pas en \
             cause la légalité de ce qui a été fait avec vos données avant celui-ci.",
            "Pour exercer ces droits, adressez-vous à votre coordinateur ou coordinatrice, ou \
             écrivez à privacy@duo.example. Nous vous répondons dans un délai d’un mois.",
            "Si notre réponse ne vous satisfait pas, vous pouvez introduire une plainte auprès de \
             l’Autorité de protection des données (www.autoriteprotectiondonnees.be).",
        ],
    },
    Section {
        title: "Comment nous protégeons vos données",
        paragraphs: &[
            "Les mots de passe ne sont jamais enregistrés tels quels, uniquement sous forme \
             hachée, qui ne permet pas de les retrouver. Toutes les connexions à la plateforme \
             sont chiffrées.",
            "Chaque personne ne voit que ce dont son rôle a besoin, et chaque accès à des données \
             personnelles est enregistré. Le nombre de tentatives de connexion est limité pour \
             empêcher de deviner les mots de passe.",
        ],
    },
    Section {
        title: "Modifications de cette déclaration",
        paragraphs: &[
            "Ceci est la version 2026-11 de cette déclaration, datée de novembre 2026.",
            "Quand nous modifions la déclaration de manière importante, nous lui donnons un \
             nouveau numéro de version et une nouvelle date, et nous vous montrons la nouvelle \
             version. Si la modification touche à ce que vous avez accepté, nous vous redemandons \
             votre consentement.",
        ],
    },
];

const NL: &[Section] = &[
    Section {
        title: "Wie is verantwoordelijk voor uw gegevens",
        paragraphs: &[
            "Het mentorprogramma Duo wordt georganiseerd door een Belgische vzw met kantoren in \
             Brussel, Luik, Antwerpen en Gent. Die vzw is de verwerkingsverantwoordelijke voor \
             uw persoonsgegevens: zij bepaalt waarom en hoe uw gegevens worden gebruikt, en zij \
             is daarvoor aanspreekbaar.",
            "Hebt u een vraag over uw gegevens of over deze verklaring? Schrijf dan naar ons \
             aanspreekpunt voor gegevensbescherming via privacy@duo.example. U kunt ook terecht \
             bij uw coördinator, die uw vraag doorgeeft.",
        ],
    },
    Section {
        title: "Welke gegevens we bijhouden en waarom",
        paragraphs: &[
            "Wie u bent en hoe we u bereiken: uw voornaam en familienaam, uw e-mailadres, uw \
             telefoonnummer (in internationaal formaat, bijvoorbeeld met +32 voor België), het \
             kantoor dat u begeleidt en de talen die u spreekt.",
            "Uw profiel, om een duo samen te stellen dat bij u past: de sectoren waarin u werk \
             zoekt (mentees) of die u uit uw loopbaan kent (mentoren), uw loopbaanplan, uw jaren \
             werkervaring, de ondersteuning die u nodig hebt, wanneer u in de week beschikbaar \
             bent, uw postcode, of u ook online wilt afspreken, uw gender als u dat wilt \
             meedelen en, alleen als u dat wenst, het gender dat u verkiest voor uw duopartner.",
            "Het verloop van uw duo: de kennismaking, de afgesproken data, uw ontmoetingen \
             (datum, duur, hoe u elkaar ontmoette, de besproken onderwerpen en een korte \
             notitie), de doelen van uw actieplan, de opvolgingsgesprekken met uw coördinator, \
             en uw situatie bij het einde van het duo en opnieuw 6 en 12 maanden later (werk, \
             opleiding, stage, studies of nog op zoek).",
            "Hebt u een account (mentoren en medewerkers), dan bewaren we ook het e-mailadres \
             waarmee u zich aanmeldt, uw wachtwoord in gehashte vorm, uw rol en uw actieve \
             sessies.",
            "We gebruiken deze gegevens om het mentorprogramma te laten draaien: om u te leren \
             kennen, een duo samen te stellen dat voor beide partners klopt, het duo op te volgen \
             en te ondersteunen, en verslag uit te brengen over de resultaten van het programma. \
             Onze subsidiegevers en andere financiers krijgen alleen anonieme cijfers over het \
             hele programma, nooit informatie over u persoonlijk.",
        ],
    },
    Section {
        title: "Controle van de toegangsvoorwaarden",
        paragraphs: &[
            "Het programma is bedoeld voor jongeren van buitenlandse herkomst. Nagaan of u in \
             aanmerking komt, raakt dus aan informatie die een etnische afkomst kan onthullen, \
             een bijzondere categorie van gegevens volgens de AVG (artikel 9). We doen die \
             controle alleen met uw uitdrukkelijke toestemming, die we apart vragen.",
            "Tijdens uw intakegesprek bekijkt uw coördinator een document waaruit blijkt dat u \
             aan een van de toegangsvoorwaarden voldoet. We noteren alleen welke voorwaarde werd \
             gecontroleerd, door wie en op welke datum. We bewaren geen kopie van het document.",
            "We noteren nooit uw nationaliteit, uw geboorteplaats of de geboorteplaats van uw \
             ouders. De informatie over de toegangsvoorwaarden wordt nooit gebruikt om duo's \
             samen te stellen, en uw mentor ziet ze niet.",
        ],
    },
    Section {
        title: "Op welke rechtsgrond",
        paragraphs: &[
            "Uw deelname aan het programma steunt op uw toestemming (artikel 6.1.a AVG). De \
             controle van de toegangsvoorwaarden steunt op uw uitdrukkelijke toestemming \
             (artikel 9.2.a AVG).",
            "We vragen apart of we foto's van u mogen gebruiken en of we uw getuigenis mogen \
             delen. Beide zijn vrijblijvend: als u weigert, verandert dat niets aan uw plaats in \
             het programma.",
            "Het beveiligingslogboek dat hieronder beschreven wordt, steunt op ons gerechtvaardigd \
             belang om uw gegevens te beschermen en te kunnen aantonen wie ze heeft ingezien \
             (artikel 6.1.f AVG).",
        ],
    },
    Section {
        title: "Wie uw gegevens ziet",
        paragraphs: &[
            "De coördinatoren van uw kantoor, die u ontmoeten, het duo samenstellen en het \
             opvolgen.",
            "Bent u mentee, dan ziet uw mentor alleen uw voornaam, uw contactgegevens, de sector \
             waarin u werk zoekt en uw talen, plus het actieplan dat u samen opvolgt en de \
             ontmoetingen van uw duo. Uw mentor ziet uw familienaam niet, en ook niets over de \
             toegangsvoorwaarden.",
            "Het hoofdkantoor ziet alleen cijfers, zonder namen. Elk cijfer dat over minder dan \
             5 personen gaat, wordt verborgen, zodat niemand herkenbaar is.",
            "De beheerders van het platform, voor zover hun werk dat vereist, bijvoorbeeld om \
             accounts en instellingen te beheren.",
            "We verkopen uw gegevens nooit en geven ze nooit door buiten de Europese Unie. Het \
             platform wordt gehost in de EU, en de bedrijven die het hosten en onze e-mails \
             versturen, handelen alleen in onze opdracht.",
        ],
    },
    Section {
        title: "Hoe lang we uw gegevens bewaren",
        paragraphs: &[
            "We bewaren uw gegevens zolang u aan het programma deelneemt, en daarna nog een \
             vaste periode na uw laatste opvolging: standaard 24 maanden na de opvolging die 12 \
             maanden na het einde van uw duo plaatsvindt. Daarna wordt uw dossier automatisch \
             geanonimiseerd: uw naam, uw contactgegevens en alles wat u zou kunnen identificeren, \
             ook alle geschreven notities, worden definitief verwijderd.",
            "Trekt u uw toestemming om deel te nemen in (of, voor mentees, uw toestemming voor de \
             controle van de toegangsvoorwaarden), dan eindigt uw deelname en wordt uw dossier \
             geanonimiseerd bij de volgende automatische opschoning, die elke dag loopt.",
            "Anonieme cijfers, die niet meer naar u te herleiden zijn, blijven bewaard, zodat de \
             resultaten van het programma juist blijven.",
            "We houden ook een beveiligingslogboek bij van wie persoonsgegevens heeft ingezien of \
             gewijzigd, en wanneer. Het vermeldt welk dossier en welke velden het betrof, niet \
             de inhoud ervan, en we bewaren het om aan de autoriteiten te kunnen tonen wie wat \
             heeft gezien.",
        ],
    },
    Section {
        title: "Uw rechten",
        paragraphs: &[
            "U hebt het recht om de gegevens in te zien die we over u bijhouden en er een kopie \
             van te krijgen in een overdraagbaar formaat (JSON), om onjuiste gegevens te laten \
             verbeteren, om uw gegevens te laten wissen, om het gebruik ervan te laten beperken \
             en om bezwaar te maken tegen het gebruik ervan.",
            "U kunt uw toestemming op elk moment intrekken. Dat doet geen afbreuk aan wat vóór de \
             intrekking rechtmatig met uw gegevens is gebeurd.",
            "Om deze rechten uit te oefenen, vraagt u het aan uw coördinator of schrijft u naar \
             privacy@duo.example. We antwoorden binnen een maand.",
            "Bent u niet tevreden met ons antwoord, dan kunt u een klacht indienen bij de \
             Gegevensbeschermingsautoriteit (www.gegevensbeschermingsautoriteit.be).",
        ],
    },
    Section {
        title: "Hoe we uw gegevens beveiligen",
        paragraphs: &[
            "Wachtwoorden worden nooit als zodanig opgeslagen, alleen in gehashte vorm, waaruit \
             het wachtwoord niet terug te halen is. Alle verbindingen met het platform zijn \
             versleuteld.",
            "Iedereen ziet alleen wat zijn of haar rol vereist, en elke toegang tot \
             persoonsgegevens wordt gelogd. Het aantal aanmeldpogingen is beperkt, zodat \
             wachtwoorden niet geraden kunnen worden.",
        ],
    },
    Section {
        title: "Wijzigingen in deze verklaring",
        paragraphs: &[
            "Dit is versie 2026-11 van deze verklaring, van november 2026.",
            "Als we de verklaring op een belangrijke manier wijzigen, krijgt ze een nieuw \
             versienummer en een nieuwe datum, en tonen we u de nieuwe versie. Raakt de \
             wijziging aan waarvoor u toestemming gaf, dan vragen we uw toestemming opnieuw.",
        ],
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [Locale; 3] = [Locale::en, Locale::fr, Locale::nl];

    #[test]
    fn every_language_has_the_same_sections_and_none_is_empty() {
        let english = sections(Locale::en);
        assert_eq!(english.len(), 9);
        for locale in ALL {
            assert!(!title(locale).trim().is_empty(), "{locale:?}: no title");
            let translated = sections(locale);
            assert_eq!(translated.len(), english.len(), "{locale:?}: section count");
            for (i, (section, en)) in translated.iter().zip(english).enumerate() {
                assert!(
                    !section.title.trim().is_empty(),
                    "{locale:?} #{i}: no title"
                );
                assert!(
                    !section.paragraphs.is_empty(),
                    "{locale:?} #{i}: no paragraph"
                );
                // Same paragraphs in the same order: a missing translation shows up here.
                assert_eq!(
                    section.paragraphs.len(),
                    en.paragraphs.len(),
                    "{locale:?} #{i} ({}): paragraph count",
                    section.title
                );
                for p in section.paragraphs {
                    assert!(!p.trim().is_empty(), "{locale:?} #{i}: empty paragraph");
                    assert_eq!(p.trim(), *p, "{locale:?} #{i}: stray spaces around {p:?}");
                }
            }
        }
    }

    #[test]
    fn plain_text_only() {
        for locale in ALL {
            let texts = std::iter::once(title(locale)).chain(
                sections(locale)
                    .iter()
                    .flat_map(|s| std::iter::once(s.title).chain(s.paragraphs.iter().copied())),
            );
            for text in texts {
                for bad in ["<", ">", "**", "`", "#", "\n", "  ", "{{"] {
                    assert!(!text.contains(bad), "{locale:?}: {bad:?} in {text:?}");
                }
            }
        }
    }

    #[test]
    fn names_the_version_the_contact_and_the_authority() {
        for locale in ALL {
            let all: String = sections(locale)
                .iter()
                .flat_map(|s| s.paragraphs.iter().copied())
                .collect::<Vec<_>>()
                .join(" ");
            assert!(all.contains(NOTICE_VERSION), "{locale:?}: version");
            assert!(all.contains("privacy@duo.example"), "{locale:?}: contact");
            let authority = match locale {
                Locale::fr => "www.autoriteprotectiondonnees.be",
                Locale::nl => "www.gegevensbeschermingsautoriteit.be",
                Locale::en => "www.dataprotectionauthority.be",
            };
            assert!(all.contains(authority), "{locale:?}: authority");
        }
    }
}
