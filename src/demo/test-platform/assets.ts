/**
 * The platform pages' stylesheet and scripts, served from the platform so its pages need no inline
 * script or style (they work under `script-src 'self'; style-src 'self'`).
 *
 * - autosubmit.js posts the forms marked data-autosubmit (login initiation, authentication response).
 * - course.js listens on the course page for the tool's window messages: org.imsglobal.lti.close ends
 *   a dynamic registration (Dynamic Registration §3.7), lti.frameResize resizes the frame, and in the
 *   Canvas flavour lti.capabilities is answered (LTI Client Side postMessages), to registered tool origins only.
 * - storage.js runs in Canvas's hidden "post_message_forwarding" frame and keeps lti.put_data /
 *   lti.get_data values per tool origin, for registered tool origins only (LTI Platform Storage), which is what Canvas's
 *   lti_storage_target points tools to.
 */
import type { Router } from 'express';

const CSS = `
:root { font-family: system-ui, sans-serif; line-height: 1.5; color: #1d2125; background: #f5f6f7; }
body { margin: 0; }
header { background: #0f47ad; color: #fff; padding: 1rem 1.5rem; }
header p { margin: 0; }
header h1 { margin: .25rem 0 0; font-size: 1.6rem; }
main { padding: 1rem 1.5rem; max-width: 72rem; }
section { background: #fff; border: 1px solid #dee2e6; border-radius: .5rem; padding: .75rem 1rem; margin-bottom: 1rem; }
h2 { font-size: 1.2rem; margin: .25rem 0 .5rem; }
form.inline { display: inline-block; margin: 0 .5rem .5rem 0; }
button { font: inherit; padding: .4rem .9rem; border-radius: .3rem; border: 1px solid #0f47ad; background: #0f47ad; color: #fff; cursor: pointer; }
button.secondary { background: #fff; color: #0f47ad; }
button:focus-visible, a:focus-visible, select:focus-visible, input:focus-visible { outline: 3px solid #1d2125; outline-offset: 3px; box-shadow: 0 0 0 3px #ffbf47; }
label { margin-right: .5rem; }
select, input[type=url] { font: inherit; padding: .3rem; }
input[type=url] { min-width: 24rem; max-width: 100%; }
iframe.tool { width: 100%; height: 40rem; border: 1px solid #adb5bd; border-radius: .3rem; background: #fff; }
ul.activities, ul.courses { padding-left: 1.2rem; }
ul.courses li { margin-bottom: .5rem; }
ul.courses p { margin: .2rem 0 0; }
header a { color: #fff; }
small { color: #495057; }
`;

const AUTOSUBMIT_JS = `(function () {
  'use strict';
  var forms = document.querySelectorAll('form[data-autosubmit]');
  for (var i = 0; i < forms.length; i++) forms[i].submit();
})();
`;

const COURSE_JS = `(function () {
  'use strict';
  var flavour = document.body.getAttribute('data-flavour');
  var frame = document.querySelector('iframe[name="tool"]');
  var toolOrigins = (document.body.getAttribute('data-tool-origins') || '').split(' ');
  function fromTool(origin) { return origin !== 'null' && toolOrigins.indexOf(origin) !== -1; }
  function parse(data) {
    if (typeof data !== 'string') return data;
    try { return JSON.parse(data); } catch (e) { return null; }
  }
  window.addEventListener('message', function (event) {
    var data = parse(event.data);
    if (!data || typeof data.subject !== 'string') return;
    if (data.subject === 'org.imsglobal.lti.close') { window.location.reload(); return; }
    if (data.subject === 'lti.frameResize' && frame && typeof data.height === 'number') {
      frame.style.height = data.height + 'px';
      return;
    }
    if (data.subject === 'lti.capabilities' && flavour === 'canvas' && event.source && fromTool(event.origin)) {
      event.source.postMessage({
        subject: 'lti.capabilities.response',
        message_id: data.message_id,
        supported_messages: [
          { subject: 'lti.capabilities' },
          { subject: 'lti.put_data', frame: 'post_message_forwarding' },
          { subject: 'lti.get_data', frame: 'post_message_forwarding' },
          { subject: 'lti.frameResize' }
        ]
      }, event.origin);
    }
  });
})();
`;

const STORAGE_JS = `(function () {
  'use strict';
  var store = {};
  var toolOrigins = (document.body.getAttribute('data-tool-origins') || '').split(' ');
  function parse(data) {
    if (typeof data !== 'string') return data;
    try { return JSON.parse(data); } catch (e) { return null; }
  }
  window.addEventListener('message', function (event) {
    var data = parse(event.data);
    if (!data || typeof data.subject !== 'string' || !event.source) return;
    var origin = event.origin;
    // Only a registered tool's origin may store or read, and each reads only what it stored.
    if (origin === 'null' || toolOrigins.indexOf(origin) === -1) return;
    function reply(message) { event.source.postMessage(message, origin); }
    var bucket = store[origin] || (store[origin] = {});
    if (data.subject !== 'lti.put_data' && data.subject !== 'lti.get_data') return;
    var response = data.subject + '.response';
    if (typeof data.key !== 'string' || data.key === '') {
      reply({ subject: response, message_id: data.message_id, error: { code: 'bad_request', message: 'key is required' } });
      return;
    }
    if (data.subject === 'lti.put_data') {
      if (data.value === null) delete bucket[data.key]; else bucket[data.key] = data.value;
      reply({ subject: response, message_id: data.message_id, key: data.key, value: data.value });
    } else {
      reply({ subject: response, message_id: data.message_id, key: data.key, value: bucket[data.key] });
    }
  });
})();
`;

const ASSETS: Record<string, { type: string; body: string }> = {
  'platform.css': { type: 'text/css; charset=utf-8', body: CSS },
  'autosubmit.js': { type: 'application/javascript; charset=utf-8', body: AUTOSUBMIT_JS },
  'course.js': { type: 'application/javascript; charset=utf-8', body: COURSE_JS },
  'storage.js': { type: 'application/javascript; charset=utf-8', body: STORAGE_JS },
};

export function mountAssets(router: Router): void {
  router.get('/assets/:name', (req, res) => {
    const asset = ASSETS[req.params.name];
    if (!asset) {
      res.status(404).type('text/plain').send('Not found');
      return;
    }
    res.status(200).type(asset.type).set('Cache-Control', 'no-cache').send(asset.body);
  });
}
