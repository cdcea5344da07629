// Copy buttons for the citations on a statement's permalink. Progressive enhancement: without
// JavaScript the buttons stay hidden and the citation text is plain, selectable text.
(function () {
  'use strict';
  var status = document.querySelector('[data-copy-status]');

  function announce(message) {
    if (status) status.textContent = message;
  }

  function select(element) {
    var range = document.createRange();
    range.selectNodeContents(element);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  // Older browsers and plain-http pages have no async clipboard: copy the selection instead.
  function copyBySelection(element) {
    select(element);
    try {
      return document.execCommand('copy');
    } catch {
      return false;
    }
  }

  document.querySelectorAll('[data-copy-target]').forEach(function (button) {
    var target = document.getElementById(button.getAttribute('data-copy-target'));
    if (!target) return;
    var label = document.getElementById(target.id + '-label');
    var name = label ? label.textContent.trim() : 'the';
    button.hidden = false;
    button.addEventListener('click', function () {
      var text = target.textContent.trim();
      function copied() {
        select(target);
        announce('Copied the ' + name + ' citation.');
      }
      function failed() {
        select(target);
        announce('The citation is selected: press Ctrl+C (⌘C on a Mac) to copy it.');
      }
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(copied, function () {
          if (copyBySelection(target)) copied();
          else failed();
        });
      } else if (copyBySelection(target)) {
        copied();
      } else {
        failed();
      }
    });
  });
})();
