// /admin/ingest: reads the chosen file into the form's textarea, so the document travels as an
// ordinary form field (the server has no multipart parser). Without this script the curator
// pastes the text. Bytes that are not UTF-8 are refused here, before they become U+FFFD.
(function () {
  var field = document.getElementById('ingest-file-field');
  var input = document.getElementById('ingest-file');
  var status = document.getElementById('ingest-file-status');
  var content = document.getElementById('ingest-content');
  var filename = document.getElementById('ingest-filename');
  if (!field || !input || !content || !filename || typeof FileReader === 'undefined' || typeof TextDecoder === 'undefined') return;
  field.hidden = false;

  function say(message) {
    if (!status) return;
    status.textContent = message;
    status.hidden = message === '';
  }

  input.addEventListener('change', function () {
    var file = input.files && input.files[0];
    say('');
    if (!file) return;
    if (file.size > 4 * 1024 * 1024) {
      say(file.name + ' is larger than 4 MB. Ingest it with npx onrecord ingest FILE.');
      input.value = '';
      return;
    }
    var reader = new FileReader();
    reader.onload = function () {
      try {
        content.value = new TextDecoder('utf-8', { fatal: true }).decode(reader.result);
        filename.value = file.name;
      } catch (error) {
        say(file.name + ' is not UTF-8 text. Save it as UTF-8 and choose it again.');
      }
    };
    reader.onerror = function () {
      say('Could not read ' + file.name + '.');
    };
    reader.readAsArrayBuffer(file);
  });
})();
