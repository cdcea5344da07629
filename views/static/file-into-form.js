// Admin upload forms (/admin/import, /admin/ingest): reads the chosen file into the form's
// textarea, so the file travels as an ordinary form field (the server has no multipart parser).
// Without this script the curator pastes the content. Bytes that are not UTF-8 are refused here,
// before they become U+FFFD. The file input names its targets in data-* attributes.
(function () {
  if (typeof FileReader === 'undefined' || typeof TextDecoder === 'undefined') return;
  var inputs = document.querySelectorAll('input[type=file][data-content]');
  Array.prototype.forEach.call(inputs, function (input) {
    var byId = function (id) {
      return id ? document.getElementById(id) : null;
    };
    var content = byId(input.dataset.content);
    var filename = byId(input.dataset.filename);
    var status = byId(input.dataset.status);
    var maxMegabytes = Number(input.dataset.maxMegabytes) || 4;
    // The server's limit applies to the form as sent: form encoding makes punctuation and
    // non-ASCII text up to three times larger than the file.
    var maxSentMegabytes = Number(input.dataset.maxSentMegabytes) || maxMegabytes;
    if (!content || !filename) return;
    (input.dataset.reveal || '').split(' ').forEach(function (id) {
      var element = byId(id);
      if (element) element.hidden = false;
    });

    function say(message) {
      if (!status) return;
      status.textContent = message;
      status.hidden = message === '';
    }

    input.addEventListener('change', function () {
      var file = input.files && input.files[0];
      say('');
      if (!file) return;
      if (file.size > maxMegabytes * 1024 * 1024) {
        say(file.name + ' is larger than ' + maxMegabytes + ' MB. ' + (input.dataset.tooLarge || ''));
        input.value = '';
        return;
      }
      var reader = new FileReader();
      reader.onload = function () {
        try {
          var text = new TextDecoder('utf-8', { fatal: true }).decode(reader.result);
          var sent = new URLSearchParams({ content: text }).toString().length;
          if (sent > maxSentMegabytes * 1024 * 1024) {
            content.value = '';
            filename.value = '';
            input.value = '';
            say(
              file.name +
                ' would be ' +
                (sent / 1048576).toFixed(1) +
                ' MB as sent in the form, over the ' +
                maxSentMegabytes +
                ' MB the server takes. ' +
                (input.dataset.tooLarge || ''),
            );
            return;
          }
          content.value = text;
          filename.value = file.name;
        } catch {
          content.value = '';
          filename.value = '';
          say(file.name + ' is not UTF-8 text. Save it as UTF-8 and choose it again.');
        }
      };
      reader.onerror = function () {
        say('Could not read ' + file.name + '.');
      };
      reader.readAsArrayBuffer(file);
    });
  });
})();
