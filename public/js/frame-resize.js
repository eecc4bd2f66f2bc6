// Asks the LMS to size the iframe to the page, on load and whenever the content's height changes,
// with the lti.frameResize message Canvas, Brightspace and Sakai honour (and Moodle with the
// ltisource_message_handler plugin). Sent as a JSON string: Canvas reads strings and objects, the
// others read strings. The height is the content's, never the viewport's, so that a frame the LMS
// made taller than the page does not ask to grow forever.
(function () {
  if (window.parent === window) return;
  var last = 0;
  var pending = false;
  function contentHeight() {
    var body = document.body;
    var style = window.getComputedStyle(body);
    return Math.ceil(body.getBoundingClientRect().height + parseFloat(style.marginTop) + parseFloat(style.marginBottom));
  }
  function send() {
    pending = false;
    var height = contentHeight();
    if (height === last || height <= 0) return;
    last = height;
    window.parent.postMessage(JSON.stringify({ subject: 'lti.frameResize', height: height }), '*');
  }
  function schedule() {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(send);
  }
  window.addEventListener('load', schedule);
  if ('ResizeObserver' in window) new ResizeObserver(schedule).observe(document.body);
  else window.addEventListener('resize', schedule);
  // <details> and forms that open in place change the height without a resize of the window.
  document.addEventListener('toggle', schedule, true);
  schedule();
})();
