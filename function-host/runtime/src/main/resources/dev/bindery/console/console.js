'use strict';
// The Bindery console: reads the host's admin endpoints (the same JSON as the bindery CLI) and follows the recent
// events' stream. Every value from the host is written as text, never as markup.
(function () {
  const base = location.pathname.replace(/\/console\/?$/, '');
  const maxEvents = 200;
  let token = sessionStorage.getItem('bindery-console-token') || '';

  function headers(extra) {
    const all = Object.assign({}, extra || {});
    if (token) {
      all.Authorization = 'Bearer ' + token;
    }
    return all;
  }

  function setStatus(state, text) {
    const status = document.getElementById('status');
    status.dataset.state = state;
    status.textContent = text;
  }

  async function getJson(path) {
    const response = await fetch(base + path, { headers: headers({ Accept: 'application/json' }) });
    if (!response.ok) {
      throw new Error(await problemText(response));
    }
    return response.json();
  }

  async function problemText(response) {
    const text = await response.text();
    try {
      const problem = JSON.parse(text);
      return response.status + ' ' + (problem.title || '') + (problem.detail ? ': ' + problem.detail : '');
    } catch (notJson) {
      return response.status + ' ' + response.statusText;
    }
  }

  function cell(value) {
    const td = document.createElement('td');
    if (value !== null && typeof value === 'object') {
      td.className = 'json';
      td.textContent = JSON.stringify(value);
    } else {
      td.textContent = value === null || value === undefined ? '' : String(value);
    }
    return td;
  }

  /** An array of objects as a table: the columns asked for, else one per field in the order the host gives them. */
  function table(rows, wanted) {
    if (!Array.isArray(rows) || rows.length === 0) {
      const empty = document.createElement('p');
      empty.className = 'empty';
      empty.textContent = 'none';
      return empty;
    }
    const columns = wanted ? wanted.split(' ') : [];
    if (columns.length === 0) {
      rows.forEach(row => Object.keys(row).forEach(key => columns.includes(key) || columns.push(key)));
    }
    const element = document.createElement('table');
    const head = element.createTHead().insertRow();
    columns.forEach(column => {
      const th = document.createElement('th');
      th.textContent = column;
      head.appendChild(th);
    });
    const body = element.createTBody();
    rows.forEach(row => {
      const tr = body.insertRow();
      tr.dataset.name = row.name === undefined ? '' : String(row.name);
      columns.forEach(column => tr.appendChild(cell(row[column])));
    });
    return element;
  }

  async function loadSection(section) {
    const content = section.querySelector('.content');
    try {
      const rows = await getJson('/' + section.dataset.source);
      content.replaceChildren(table(rows, section.dataset.columns));
      return rows;
    } catch (e) {
      const error = document.createElement('p');
      error.className = 'error';
      error.textContent = e.message;
      content.replaceChildren(error);
      return [];
    }
  }

  async function loadAll() {
    const sections = Array.from(document.querySelectorAll('section[data-source]'));
    const results = await Promise.all(sections.map(loadSection));
    const functions = results[sections.findIndex(section => section.id === 'functions')] || [];
    const select = document.getElementById('invoke-function');
    const chosen = select.value;
    select.replaceChildren(...functions.map(fn => {
      const option = document.createElement('option');
      option.value = option.textContent = fn.name;
      return option;
    }));
    if (chosen) {
      select.value = chosen;
    }
  }

  function addEvent(event, fresh) {
    const body = document.querySelector('#events tbody');
    const tr = document.createElement('tr');
    tr.className = 'outcome-' + String(event.outcome || '').toLowerCase() + (fresh ? ' fresh' : '');
    tr.dataset.id = event.id || '';
    tr.dataset.function = event.function || '';
    const time = cell(event.time ? new Date(event.time).toLocaleTimeString([], { hour12: false }) : '');
    time.title = event.time || '';
    tr.appendChild(time);
    [event.transport, event.function, event.type, event.id, event.outcome, event.durationMs, event.traceId]
      .forEach(value => tr.appendChild(cell(value)));
    body.insertBefore(tr, body.firstChild);
    while (body.rows.length > maxEvents) {
      body.deleteRow(body.rows.length - 1);
    }
    document.getElementById('events-count').textContent = '(' + body.rows.length + ' shown)';
  }

  async function loadEvents() {
    const events = await getJson('/events?limit=' + maxEvents);
    document.querySelector('#events tbody').replaceChildren();
    events.slice().sort((a, b) => String(a.time).localeCompare(String(b.time))).forEach(event => addEvent(event, false));
  }

  /** Follows the server-sent events with fetch, which (unlike EventSource) can send the token. */
  async function follow() {
    while (true) {
      try {
        await loadEvents();
        const response = await fetch(base + '/events/stream', { headers: headers({ Accept: 'text/event-stream' }) });
        if (!response.ok) {
          throw new Error(await problemText(response));
        }
        setStatus('live', 'live');
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        while (true) {
          const { value, done } = await reader.read();
          if (done) {
            break;
          }
          buffer += value;
          let end;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const message = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const data = message.split('\n').filter(line => line.startsWith('data:'))
              .map(line => line.slice(5).trimStart()).join('\n');
            if (data) {
              addEvent(JSON.parse(data), true);
            }
          }
        }
        setStatus('connecting', 'reconnecting…');
      } catch (e) {
        setStatus('error', e.message);
      }
      await new Promise(resolve => setTimeout(resolve, 2000));
    }
  }

  async function invoke(submit) {
    submit.preventDefault();
    const fn = document.getElementById('invoke-function').value;
    const extra = { 'Content-Type': 'application/json', 'ce-source': document.getElementById('invoke-source').value };
    const type = document.getElementById('invoke-type').value.trim();
    if (type) {
      extra['ce-type'] = type;
    }
    const status = document.getElementById('invoke-status');
    const replyHeaders = document.getElementById('invoke-headers');
    const replyBody = document.getElementById('invoke-body');
    document.getElementById('invoke-result').hidden = false;
    status.textContent = 'sending…';
    replyHeaders.replaceChildren();
    replyBody.textContent = '';
    try {
      const response = await fetch(base + '/invoke/' + encodeURIComponent(fn), {
        method: 'POST', headers: headers(extra), body: document.getElementById('invoke-data').value
      });
      status.textContent = response.status + (response.ok ? ' OK' : ' ' + response.statusText);
      response.headers.forEach((value, name) => {
        if (name.startsWith('ce-') || name === 'content-type') {
          const tr = replyHeaders.insertRow();
          tr.appendChild(cell(name));
          tr.appendChild(cell(value));
        }
      });
      const text = await response.text();
      try {
        replyBody.textContent = JSON.stringify(JSON.parse(text), null, 2);
      } catch (notJson) {
        replyBody.textContent = text;
      }
    } catch (e) {
      status.textContent = 'unreachable: ' + e.message;
    }
  }

  document.getElementById('invoke-form').addEventListener('submit', invoke);
  document.getElementById('auth').addEventListener('submit', submit => {
    submit.preventDefault();
    token = document.getElementById('token').value;
    sessionStorage.setItem('bindery-console-token', token);
    loadAll();
  });
  loadAll();
  setInterval(loadAll, 10000);
  follow();
})();
