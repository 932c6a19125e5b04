/*
 * The Insights tab: link a bank with the transactions product, register it with Linkport for both
 * insight jobs, and show the employer and the recurring streams, each stream with a small SVG
 * timeline of its occurrences and its predicted next date. Uses the helpers demo.js shares.
 */
(function () {
  'use strict';
  var api = window.demo.api;
  var element = window.demo.element;
  var SVG = 'http://www.w3.org/2000/svg';
  var state = { linkId: null, rendered: '' };

  function showError(error) {
    window.demo.showError('insights-error', error);
  }

  function svg(tag, attributes) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attributes).forEach(function (name) {
      node.setAttribute(name, String(attributes[name]));
    });
    return node;
  }

  /** Occurrences as dots on a line from the first to the predicted next date, the next one hollow. */
  function timeline(dates, next) {
    var days = dates.map(function (d) {
      return Date.parse(d + 'T00:00:00Z') / 86400000;
    });
    var nextDay = next ? Date.parse(next + 'T00:00:00Z') / 86400000 : null;
    var all = nextDay === null ? days : days.concat([nextDay]);
    var min = Math.min.apply(null, all);
    var span = Math.max(1, Math.max.apply(null, all) - min);
    var x = function (day) {
      return 8 + ((day - min) / span) * 584;
    };
    var chart = svg('svg', { class: 'timeline', viewBox: '0 0 600 28', role: 'img' });
    chart.setAttribute('aria-label', dates.length + ' occurrences' + (next ? ', next on ' + next : ''));
    chart.appendChild(svg('line', { x1: 8, y1: 14, x2: 592, y2: 14, stroke: '#d1d5db', 'stroke-width': 2 }));
    days.forEach(function (day) {
      chart.appendChild(svg('circle', { cx: x(day), cy: 14, r: 5, fill: '#111827', class: 'occurrence' }));
    });
    if (nextDay !== null)
      chart.appendChild(
        svg('circle', {
          cx: x(nextDay),
          cy: 14,
          r: 5,
          fill: '#fff',
          stroke: '#2563eb',
          'stroke-width': 2,
          class: 'predicted',
        }),
      );
    return chart;
  }

  function money(amount) {
    return '$' + Math.abs(amount).toFixed(2);
  }

  function streamRow(stream, dates, direction) {
    var node = element('div', 'stream');
    node.setAttribute('data-stream', stream.stream_id);
    var head = element('div', 'stream-head');
    head.appendChild(element('strong', '', stream.merchant_name || stream.description));
    head.appendChild(
      element('span', 'muted', direction + ' · ' + stream.frequency.toLowerCase().replace('_', '-')),
    );
    head.appendChild(element('span', 'muted', 'about ' + money(stream.average_amount.amount)));
    head.appendChild(
      element(
        'span',
        'muted',
        stream.predicted_next_date ? 'next ' + stream.predicted_next_date : 'no next date',
      ),
    );
    node.appendChild(head);
    var occurrences = stream.transaction_ids
      .map(function (id) {
        return dates[id];
      })
      .filter(Boolean)
      .sort();
    node.appendChild(timeline(occurrences, stream.predicted_next_date));
    return node;
  }

  function employerCard(employer) {
    var matches = employer.employer_matches;
    if (matches.length === 0)
      return element(
        'p',
        'muted',
        'No employer named (' + (employer.classification || 'not classified yet') + ').',
      );
    var list = element('div', '');
    matches.forEach(function (m) {
      var row = element('div', 'stream-head employer');
      row.appendChild(element('strong', '', m.employer_name));
      row.appendChild(
        element('span', 'muted', m.payroll_provider ? 'via ' + m.payroll_provider : 'direct deposit'),
      );
      row.appendChild(
        element(
          'span',
          'muted',
          m.pay_frequency.toLowerCase().replace('_', '-') + ', about ' + money(m.average_amount),
        ),
      );
      row.appendChild(
        element(
          'span',
          m.is_active ? 'status' : 'status login_unknown',
          m.is_active ? 'Current' : 'Previous',
        ),
      );
      list.appendChild(row);
    });
    return list;
  }

  function render(answer) {
    var done = answer.link.jobs.every(function (j) {
      return j.status === 'completed' || j.status === 'failed';
    });
    document.getElementById('insights-status').textContent = answer.link.jobs
      .map(function (j) {
        return j.job + ': ' + j.status + (j.reason ? ' (' + j.reason + ')' : '');
      })
      .join(' · ');
    var box = document.getElementById('insights');
    box.replaceChildren();
    if (!done) return;
    box.appendChild(element('h3', '', 'Employer'));
    box.appendChild(employerCard(answer.employer));
    box.appendChild(element('h3', '', 'Recurring transactions'));
    answer.recurring.inflow_streams.forEach(function (s) {
      box.appendChild(streamRow(s, answer.dates, 'in'));
    });
    answer.recurring.outflow_streams.forEach(function (s) {
      box.appendChild(streamRow(s, answer.dates, 'out'));
    });
  }

  async function refresh() {
    if (!state.linkId) return;
    try {
      var answer = await api('GET', '/insights/links/' + encodeURIComponent(state.linkId));
      var key = JSON.stringify(answer);
      if (key !== state.rendered) {
        state.rendered = key;
        render(answer);
      }
    } catch (error) {
      showError(error);
    }
  }

  document.getElementById('insights-link').addEventListener('click', function () {
    showError(null);
    api('POST', '/insights/link_token', {})
      .then(function (result) {
        window.Plaid.create({
          token: result.link_token,
          onSuccess: function (publicToken, metadata) {
            api('POST', '/insights/links', {
              public_token: publicToken,
              plaid_account_id: metadata.accounts[0].id,
            })
              .then(function (link) {
                state.linkId = link.id;
                refresh();
              })
              .catch(showError);
          },
          onExit: function (error) {
            if (error) showError(new Error(error.display_message || error.error_message));
          },
        }).open();
      })
      .catch(showError);
  });

  setInterval(function () {
    if (!document.getElementById('panel-insights').hidden) refresh();
  }, 1000);

  window.demoInsights = { refresh: refresh };
})();
