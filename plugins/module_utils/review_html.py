# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The access review as one self-contained HTML page: inline CSS and script, no network asset.

Every value from a vendor goes through ``escape`` (a display name ``<script>`` is shown as text). Counts sit in
elements with stable ids and ``data-count`` attributes (``count-accounts``, ``count-<flag>``,
``count-service-<service>``, ``count-added`` ...), which the browser test compares with the JSON.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.accessops.identity.plugins.module_utils import review

try:
    from html import escape as _escape
except ImportError:  # pragma: no cover
    from cgi import escape as _escape

FLAG_WORDS = {'privileged': 'privileged', 'orphan': 'orphan', 'dormant': 'dormant',
              'never_signed_in': 'never signed in', 'in_grace': 'new (in grace)', 'mfa_off': 'no MFA',
              'token_expiring': 'token expiring', 'token_expired': 'token expired', 'token_unused': 'token unused',
              'future_date': 'date in the future'}

STYLE = '''
body{font-family:system-ui,sans-serif;margin:1.5em;color:#1d2330}
h1{font-size:1.4em;margin:0 0 .2em} h2{font-size:1.1em;margin-top:1.5em}
.meta{color:#555;margin-bottom:1em}
.cards{display:flex;flex-wrap:wrap;gap:.5em}
.card{border:1px solid #ccd;border-radius:6px;padding:.4em .8em;min-width:7em;background:#f7f8fb}
.card b{display:block;font-size:1.5em}
table{border-collapse:collapse;margin-top:.5em;font-size:.9em}
th,td{border:1px solid #ccd;padding:.25em .5em;text-align:left;vertical-align:top}
th{background:#eef0f5}
.flag{display:inline-block;border-radius:4px;padding:0 .35em;margin:1px;font-size:.8em;background:#e3e6ee}
.f-privileged{background:#ffd9a8}.f-orphan{background:#ffb3b3}.f-dormant{background:#d6c8ff}
.f-never_signed_in{background:#c8e3ff}.f-in_grace{background:#dff5df}.f-token_expiring{background:#fff0a0}
.f-token_expired{background:#ff9d9d}.f-token_unused{background:#ffe0c0}.f-mfa_off{background:#ffc8e8}
.f-future_date{background:#ff9d9d} .missing{color:#a00;font-weight:bold}
.none{color:#999} td span[title]{white-space:nowrap}
.filters{margin:.6em 0} .filters label{margin-right:1em}
'''

SCRIPT = '''
(function(){
  var service=document.getElementById('filter-service'), flag=document.getElementById('filter-flag');
  function apply(){
    var s=service.value, f=flag.value, shown=0;
    var rows=document.querySelectorAll('#accounts tbody tr');
    for(var i=0;i<rows.length;i++){
      var r=rows[i], ok=(!s||r.getAttribute('data-service')===s)&&(!f||(' '+r.getAttribute('data-flags')+' ').indexOf(' '+f+' ')>=0);
      r.style.display=ok?'':'none'; if(ok){shown++;}
    }
    var people=document.querySelectorAll('#matrix tbody tr');
    for(var j=0;j<people.length;j++){
      var p=people[j], pk=(!f||(' '+p.getAttribute('data-flags')+' ').indexOf(' '+f+' ')>=0)
        &&(!s||(' '+p.getAttribute('data-services')+' ').indexOf(' '+s+' ')>=0);
      p.style.display=pk?'':'none';
    }
    var out=document.getElementById('count-shown'); out.textContent=shown; out.setAttribute('data-count',shown);
  }
  // #service=xiq&flag=dormant preselects the filters (a link to a finding; the browser test uses it too)
  var wanted=location.hash.replace(/^#/,'').split('&');
  for(var k=0;k<wanted.length;k++){
    var pair=wanted[k].split('='), box=pair[0]==='service'?service:pair[0]==='flag'?flag:null;
    if(box){box.value=decodeURIComponent(pair[1]||'');}
  }
  service.addEventListener('change',apply); flag.addEventListener('change',apply); apply();
  document.body.setAttribute('data-ready','true');
})();
'''


def escape(value):
    return _escape('' if value is None else str(value), quote=True)


def flags_html(flags):
    if not flags:
        return '<span class="none">-</span>'
    return ' '.join('<span class="flag f-%s">%s</span>' % (escape(f), escape(FLAG_WORDS.get(f, f))) for f in flags)


def card(element_id, label, count):
    return '<div class="card"><b id="%s" data-count="%d">%d</b>%s</div>' % (escape(element_id), count, count, escape(label))


def matrix_rows(the_report):
    services = the_report['services']
    people = {}
    for record in the_report['accounts']:
        who = record['person'] or 'no person: %s' % record['key']
        people.setdefault(who, []).append(record)
    rows = []
    for who in sorted(people, key=lambda w: (w.startswith('no person: '), w.lower())):
        records = people[who]
        flags = sorted(set(f for r in records for f in r['flags']))
        cells = []
        for service in services:
            here = [r for r in records if r['service'] == service]
            if not here:
                cells.append('<td class="none">-</td>')
                continue
            cells.append('<td>%s</td>' % '<br>'.join(
                '%s%s %s' % (escape(', '.join(r['roles']) or 'account'),
                             ' (external)' if r['key'].endswith(' (external)') else '', flags_html(r['flags']))
                for r in here))
        rows.append('<tr data-flags="%s" data-services="%s"><th>%s</th>%s</tr>' % (
            escape(' '.join(flags)), escape(' '.join(sorted(set(r['service'] for r in records)))), escape(who),
            ''.join(cells)))
    return rows


def day(value):
    """A timestamp shown as its day, the whole moment in the tooltip."""
    return '<span title="%s">%s</span>' % (escape(value), escape(value[:10])) if value else '<span class="none">-</span>'


def sign_in(record):
    if not record['sign_in_known']:
        return '<span class="none">not reported</span>'
    return 'never' if record['never_signed_in'] else day(record['last_sign_in'])


def account_rows(the_report):
    rows = []
    for record in the_report['accounts']:
        tokens = '<br>'.join('%s%s%s' % (escape(t['name']), (' (expires %s)' % day(t['expires'])) if t['expires'] else '',
                                         (' ' + flags_html(t['flags'])) if t['flags'] else '')
                             for t in record['tokens']) or '<span class="none">-</span>'
        mfa = {True: 'yes', False: 'no'}.get(record['mfa'])
        cells = [escape(review.SERVICE_NAMES.get(record['service'], record['service'])), escape(record['key']),
                 escape(record['display_name']), escape(record['person'] or ''), escape(', '.join(record['roles'])),
                 day(record['created']), sign_in(record), escape(mfa) if mfa else '<span class="none">not reported</span>',
                 tokens, flags_html(record['flags'])]
        rows.append('<tr data-service="%s" data-flags="%s">%s</tr>' % (
            escape(record['service']), escape(' '.join(record['flags'])), ''.join('<td>%s</td>' % c for c in cells)))
    return rows


def change_rows(the_report):
    rows = []
    for kind in ('added', 'removed', 'rights_changed'):
        for item in the_report['changes'][kind]:
            detail = ''
            if kind == 'rights_changed':
                detail = 'roles %s -> %s; privileged %s -> %s' % (
                    ', '.join(item['before']['roles']) or '-', ', '.join(item['after']['roles']) or '-',
                    item['before']['privileged'], item['after']['privileged'])
            rows.append('<tr data-change="%s"><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>' % (
                escape(kind), escape(kind.replace('_', ' ')), escape(item['service']), escape(item['key']), escape(detail)))
    return rows


def not_reviewed(the_report):
    """The services this review did not read, named: a page of one service must not read as a complete review."""
    missing = the_report.get('not_reviewed') or []
    if not missing:
        return ''
    return '<div id="not-reviewed" class="missing">Not reviewed (not read in this run): %s</div>' % escape(
        ', '.join(review.SERVICE_NAMES.get(s, s) for s in missing))


def render(the_report):
    """The page, as text."""
    summary = the_report['summary']
    services = the_report['services']
    cards = [card('count-accounts', 'accounts', summary['accounts']), card('count-people', 'people', summary['people'])]
    cards += [card('count-%s' % f, FLAG_WORDS[f], summary['flags'][f]) for f in review.FLAGS]
    service_cards = [card('count-service-%s' % s, review.SERVICE_NAMES[s], summary['services'][s]) for s in services]
    change_cards = [card('count-%s' % k, k.replace('_', ' '), summary[k]) for k in ('added', 'removed', 'rights_changed')]
    options = ''.join('<option value="%s">%s</option>' % (escape(s), escape(review.SERVICE_NAMES[s])) for s in services)
    flag_options = ''.join('<option value="%s">%s</option>' % (escape(f), escape(FLAG_WORDS[f])) for f in review.FLAGS)
    baseline = the_report.get('baseline')
    parts = [
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'; '
        'script-src \'unsafe-inline\'; img-src data:">',
        '<title>Access review %s</title><style>%s</style></head><body>' % (escape(the_report['generated_at']), STYLE),
        '<h1>Access review</h1>',
        '<div class="meta">Generated <span id="generated-at">%s</span>; services: %s; %s%s</div>' % (
            escape(the_report['generated_at']), escape(', '.join(review.SERVICE_NAMES[s] for s in services)),
            escape('compared with the review of %s' % baseline if baseline else 'no previous review given'),
            not_reviewed(the_report)),
        '<h2>Counts</h2><div class="cards">%s</div>' % ''.join(cards),
        '<div class="cards" style="margin-top:.5em">%s%s</div>' % (''.join(service_cards), ''.join(change_cards)),
        '<h2>People and services</h2><table id="matrix"><thead><tr><th>person</th>%s</tr></thead><tbody>%s</tbody></table>' % (
            ''.join('<th>%s</th>' % escape(review.SERVICE_NAMES[s]) for s in services), ''.join(matrix_rows(the_report))),
        '<h2>Accounts</h2><div class="filters"><label>service <select id="filter-service"><option value="">all</option>%s'
        '</select></label><label>flag <select id="filter-flag"><option value="">any</option>%s</select></label>'
        'shown: <b id="count-shown" data-count="%d">%d</b></div>' % (options, flag_options, summary['accounts'],
                                                                     summary['accounts']),
        '<table id="accounts"><thead><tr><th>service</th><th>account</th><th>name</th><th>person</th><th>roles</th>'
        '<th>created</th><th>last sign-in</th><th>MFA</th><th>API tokens</th><th>flags</th></tr></thead><tbody>%s</tbody></table>'
        % ''.join(account_rows(the_report)),
        '<h2>Changes since the previous review</h2><table id="changes"><thead><tr><th>change</th><th>service</th>'
        '<th>account</th><th>detail</th></tr></thead><tbody>%s</tbody></table>' % ''.join(change_rows(the_report)),
        '<script>%s</script></body></html>' % SCRIPT,
    ]
    return '\n'.join(parts)
