// The Brushwork web page: the /v1 API from a browser, nothing more.
'use strict';
const $ = (id) => document.getElementById(id);
let job = null;
let events = null;
let steerTimer = null;

function headers() {
  const token = $('token').value || localStorage.getItem('brushworkToken') || '';
  if ($('token').value) localStorage.setItem('brushworkToken', $('token').value);
  return token ? { Authorization: 'Bearer ' + token } : {};
}

function say(text) { $('status').textContent = text; }

async function failed(response) {
  try {
    const body = await response.json();
    say(body.error + '. ' + body.remedy);
  } catch (e) {
    say('The server answered ' + response.status);
  }
}

function form(extra) {
  const data = new FormData();
  const photo = $('photo').files[0];
  const paintings = $('paintings').files;
  if (!photo || paintings.length === 0) { say('Choose a photo and at least one painting.'); return null; }
  data.append('photo', photo);
  for (const painting of paintings) data.append('painting', painting);
  for (const [key, value] of Object.entries(extra)) data.append(key, value);
  return data;
}

async function instant() {
  const data = form({ size: $('size').value });
  if (!data) return;
  say('Painting the instant picture…');
  const response = await fetch('/v1/instant', { method: 'POST', body: data, headers: headers() });
  if (!response.ok) return failed(response);
  const url = URL.createObjectURL(await response.blob());
  $('picture').src = url;
  $('download').href = url;
  $('download').classList.remove('disabled');
  say('The instant picture. Start paints it properly.');
}

function weights() {
  const out = {};
  for (const key of ['content_weight', 'style_weight', 'tv_weight']) out[key] = Number($(key).value);
  return out;
}

async function start() {
  const settings = Object.assign({ size: Number($('size').value), iterations: Number($('iterations').value) }, weights());
  const data = form({ method: 'optimize', settings: JSON.stringify(settings) });
  if (!data) return;
  const response = await fetch('/v1/jobs', { method: 'POST', body: data, headers: headers() });
  if (!response.ok) return failed(response);
  job = (await response.json()).id;
  $('pause').disabled = false;
  $('cancel').disabled = false;
  say('Queued.');
  watch();
}

function show(status) {
  const eta = status.eta_s === null ? '' : ', about ' + Math.round(status.eta_s) + ' s left';
  say(status.state + ': iteration ' + status.iteration + ' of ' + status.total_iterations + eta);
  $('pause').textContent = status.state === 'paused' ? 'Resume' : 'Pause';
}

function watch() {
  if (events) events.close();
  // EventSource sends no headers: a server with a token is watched by polling instead.
  if (headers().Authorization) return poll();
  events = new EventSource('/v1/jobs/' + job + '/events');
  events.addEventListener('progress', (e) => show(JSON.parse(e.data)));
  events.addEventListener('preview', (e) => {
    const status = JSON.parse(e.data);
    $('picture').src = 'data:image/png;base64,' + status.png;
    show(status);
  });
  events.addEventListener('state', (e) => {
    const status = JSON.parse(e.data);
    show(status);
    if (['done', 'failed', 'cancelled'].includes(status.state)) finish(status);
  });
}

async function poll() {
  const response = await fetch('/v1/jobs/' + job, { headers: headers() });
  if (!response.ok) return failed(response);
  const status = await response.json();
  show(status);
  if (['done', 'failed', 'cancelled'].includes(status.state)) return finish(status);
  setTimeout(poll, 1000);
}

async function finish(status) {
  if (events) { events.close(); events = null; }
  $('pause').disabled = true;
  $('cancel').disabled = true;
  if (!status.has_result) { say(status.state + (status.error ? ': ' + status.error : '')); return; }
  const response = await fetch('/v1/jobs/' + job + '/result?format=png', { headers: headers() });
  if (!response.ok) return failed(response);
  const url = URL.createObjectURL(await response.blob());
  $('picture').src = url;
  $('download').href = url;
  $('download').download = 'brushwork-' + job + '.png';
  $('download').classList.remove('disabled');
  say(status.state + ' after ' + status.iteration + ' iterations.');
}

function steer() {
  for (const output of document.querySelectorAll('output')) output.value = $(output.htmlFor).value;
  if (!job) return;
  clearTimeout(steerTimer);
  steerTimer = setTimeout(() => fetch('/v1/jobs/' + job, {
    method: 'PATCH', body: JSON.stringify(weights()),
    headers: Object.assign({ 'Content-Type': 'application/json' }, headers()),
  }).then((response) => { if (!response.ok) failed(response); }), 150);
}

async function control(action) {
  if (!job) return;
  const response = await fetch('/v1/jobs/' + job + '/' + action, { method: 'POST', headers: headers() });
  if (!response.ok) failed(response);
}

function dropInto(label, input) {
  label.addEventListener('dragover', (e) => { e.preventDefault(); label.classList.add('over'); });
  label.addEventListener('dragleave', () => label.classList.remove('over'));
  label.addEventListener('drop', (e) => {
    e.preventDefault();
    label.classList.remove('over');
    input.files = e.dataTransfer.files;
  });
}

dropInto($('photoDrop'), $('photo'));
dropInto($('paintingDrop'), $('paintings'));
$('instant').addEventListener('click', instant);
$('start').addEventListener('click', start);
$('pause').addEventListener('click', () => control($('pause').textContent === 'Resume' ? 'resume' : 'pause'));
$('cancel').addEventListener('click', () => control('cancel'));
for (const key of ['content_weight', 'style_weight', 'tv_weight']) $(key).addEventListener('input', steer);
fetch('/v1/health').then((r) => r.json()).then((health) => {
  $('server').textContent = 'version ' + health.version + (health.token_required ? ' · token needed' : '');
});
