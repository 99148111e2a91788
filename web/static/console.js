/*
 * The helpdesk console: looks a collectivité up through /api/fiche (the same core as `entbot fiche`) and shows
 * its card. No rule here: the server decides and words everything; this file only lays the answer out,
 * always as text (textContent), never as HTML.
 */
(function () {
  'use strict';

  var form = document.getElementById('recherche');
  var input = document.getElementById('q');
  var status = document.getElementById('console-status');
  var result = document.getElementById('resultat');

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function definitions(pairs) {
    var list = el('dl');
    pairs.forEach(function (pair) {
      if (pair[1] === null || pair[1] === undefined || pair[1] === '') return;
      list.appendChild(el('dt', '', pair[0]));
      list.appendChild(el('dd', '', pair[1]));
    });
    return list;
  }

  function demandeText(line, shown) {
    if (!line) return 'aucune';
    var parts = [line.annee_scolaire, shown.statut];
    if (line.numero_dossier) parts.push('dossier ' + line.numero_dossier);
    if (shown.date_demande) parts.push('demande du ' + shown.date_demande);
    if (shown.date_retour) parts.push('convention revenue le ' + shown.date_retour);
    return parts.join(', ') + (line.fictif ? ' (données fictives)' : '');
  }

  /** The sentences to read, numbered, as they are copied to the clipboard. */
  function scriptText(fiche) {
    return fiche.script.map(function (sentence, index) {
      return (index + 1) + '. ' + sentence.texte + (sentence.ligne_source ? '\n   ' + sentence.ligne_source : '');
    }).join('\n');
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () { return copyWithSelection(text); });
    }
    return copyWithSelection(text);
  }

  /** For pages served over plain http from another host, where navigator.clipboard is not offered. */
  function copyWithSelection(text) {
    var area = el('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.appendChild(area);
    area.select();
    var done = false;
    try {
      done = document.execCommand('copy');
    } finally {
      document.body.removeChild(area);
    }
    return done ? Promise.resolve() : Promise.reject(new Error('copie refusée'));
  }

  function section(title) {
    var part = el('section', 'fr-mb-3w');
    part.appendChild(el('h3', 'fr-h5', title));
    return part;
  }

  function renderFiche(fiche) {
    var shown = fiche.affichage;
    var card = el('article', 'console-card');
    var heading = el('h2', 'fr-h3', shown.titre);
    heading.tabIndex = -1;
    card.appendChild(heading);
    if (fiche.donnees_fictives) card.appendChild(el('p', 'fr-badge fr-badge--warning fr-mb-2w', 'Données fictives'));

    var c = fiche.collectivite;
    var commune = fiche.commune;
    card.appendChild(definitions([
      ['Collectivité signataire', c.nom + ' (' + c.type + ', SIREN ' + c.siren + ')'],
      ['Signataire', c.signataire],
      ['Commune', commune && (commune.nom + ' (' + commune.departement + ', ' + commune.nom_departement +
        '), INSEE ' + commune.insee)],
      ['Intercommunalité', commune && commune.intercommunalite],
      ['Mairie', commune && [commune.mairie.adresse, commune.mairie.telephone, commune.mairie.courriel,
        commune.mairie.site].filter(Boolean).join(' · ')],
      ['Communes couvertes', fiche.communes_couvertes.length > 1 ? fiche.communes_couvertes.join(', ') : null],
      ['Année scolaire', fiche.annee_scolaire],
      ['Situation', fiche.situation || 'non couverte par les documents'],
      ['Coût annuel', shown.cout],
      ['Convention précédente', demandeText(fiche.convention_precedente, shown.convention_precedente || {})],
      ['Demande en cours', demandeText(fiche.demande_en_cours, shown.demande_en_cours || {})],
      ['Fichier de la convention', fiche.nom_fichier_convention]
    ]));

    var deadlines = section('Échéances');
    if (shown.echeances.length) {
      var dates = el('ul');
      shown.echeances.forEach(function (d) {
        dates.appendChild(el('li', '', d.date + ' — ' + d.libelle + ' (' + d.jours + ')'));
      });
      deadlines.appendChild(dates);
    } else {
      deadlines.appendChild(el('p', '', 'Aucune échéance à venir.'));
    }
    card.appendChild(deadlines);

    var script = section('À lire à l\u2019appelant');
    var copyButton = el('button', 'fr-btn fr-btn--secondary fr-icon-clipboard-line fr-btn--icon-left fr-mb-2w',
      'Copier le script');
    copyButton.type = 'button';
    copyButton.addEventListener('click', function () {
      copy(scriptText(fiche)).then(function () {
        status.textContent = 'Script copié dans le presse-papiers.';
      }, function () {
        status.textContent = 'La copie a échoué : sélectionnez le texte du script à la main.';
      });
    });
    script.appendChild(copyButton);
    var sentences = el('ol', 'console-script');
    fiche.script.forEach(function (sentence) {
      var item = el('li', '', sentence.texte);
      if (sentence.ligne_source) item.appendChild(el('span', 'console-source', sentence.ligne_source));
      sentences.appendChild(item);
    });
    script.appendChild(sentences);
    card.appendChild(script);

    var schools = section('Écoles (' + fiche.ecoles.length + ')');
    if (fiche.ecoles.length) {
      // DSFR table; its container scrolls sideways on a phone, so it takes the keyboard focus (tabindex).
      var wrapper = el('div', 'fr-table fr-table--no-caption');
      var scroller = el('div', 'fr-table__container');
      scroller.tabIndex = 0;
      scroller.setAttribute('role', 'region');
      scroller.setAttribute('aria-label', 'Écoles de la collectivité');
      var content = el('div', 'fr-table__content');
      var table = el('table');
      table.appendChild(el('caption', '', 'Écoles de la collectivité'));
      var head = el('tr');
      ['UAI', 'Nom', 'Type', 'Commune', 'Élèves'].forEach(function (label) {
        var th = el('th', '', label);
        th.scope = 'col';
        head.appendChild(th);
      });
      var thead = el('thead');
      thead.appendChild(head);
      table.appendChild(thead);
      var tbody = el('tbody');
      fiche.ecoles.forEach(function (school) {
        var row = el('tr');
        [school.uai, school.nom, school.type, school.commune,
          school.eleves === null ? '—' : String(school.eleves)].forEach(function (value) {
          row.appendChild(el('td', '', value));
        });
        tbody.appendChild(row);
      });
      table.appendChild(tbody);
      content.appendChild(table);
      scroller.appendChild(content);
      var frame = el('div', 'fr-table__wrapper');
      frame.appendChild(scroller);
      wrapper.appendChild(frame);
      schools.appendChild(wrapper);
    }
    card.appendChild(schools);

    var sourceLines = [];
    fiche.script.forEach(function (sentence) {
      if (sentence.ligne_source && sourceLines.indexOf(sentence.ligne_source) < 0) sourceLines.push(sentence.ligne_source);
    });
    var sources = section('Sources');
    var sourceList = el('ul');
    sourceLines.forEach(function (line) { sourceList.appendChild(el('li', '', line)); });
    sources.appendChild(sourceList);
    card.appendChild(sources);
    return card;
  }

  function renderChoices(body) {
    var part = el('div', 'console-card');
    var heading = el('h2', 'fr-h4', body.erreur);
    heading.tabIndex = -1;
    part.appendChild(heading);
    var list = el('ul', 'console-choices');
    body.choix.forEach(function (choice) {
      var item = el('li', 'fr-mb-1w');
      var button = el('button', 'fr-btn fr-btn--tertiary', choice.label);
      button.type = 'button';
      button.addEventListener('click', function () {
        input.value = choice.query;
        search(choice.query);
      });
      item.appendChild(button);
      list.appendChild(item);
    });
    part.appendChild(list);
    return part;
  }

  function renderError(message) {
    var alert = el('div', 'fr-alert fr-alert--error');
    var heading = el('h2', 'fr-alert__title', message);
    heading.tabIndex = -1;
    alert.appendChild(heading);
    return alert;
  }

  function show(node, announcement) {
    result.textContent = '';
    result.appendChild(node);
    status.textContent = announcement;
    var heading = node.querySelector('h2');
    if (heading) heading.focus();
  }

  function search(query) {
    status.textContent = 'Recherche en cours…';
    history.replaceState(null, '', '?q=' + encodeURIComponent(query));
    fetch('/api/fiche?q=' + encodeURIComponent(query), { headers: { Accept: 'application/json' } })
      .then(function (response) {
        return response.json().then(function (body) { return { code: response.status, body: body }; });
      })
      .then(function (answer) {
        if (answer.code === 200) show(renderFiche(answer.body), 'Fiche affichée : ' + answer.body.affichage.titre + '.');
        else if (answer.code === 300) show(renderChoices(answer.body), 'Plusieurs résultats : choisissez.');
        else show(renderError(answer.body.erreur), '');
      })
      .catch(function () {
        show(renderError('Le serveur de la console ne répond pas. Réessayez dans un instant.'), '');
      });
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var query = input.value.trim();
    if (query) search(query);
  });

  var initial = new URLSearchParams(window.location.search).get('q');
  if (initial) {
    input.value = initial;
    search(initial);
  }
}());
