// /admin/import: reads the chosen file into the form's textarea, so the file travels as an
// ordinary form field (the server has no multipart parser). Without this script the curator
// pastes the content. Bytes that are not UTF-8 are refused here, before they become U+FFFD.
(function () {
  var input = document.getElementById('import-file');
  var help = document.getElementById('import-file-help');
  var status = document.getElementById('import-file-status');
  var content = document.getElementById('import-content');
  var filename = document.getElementById('import-filename');
  if (!input || !content || !filename || typeof FileReader === 'undefined' || typeof TextDecoder === 'undefined') return;
  input.hidden = false;
  if (help) help.hidden = false;

  function say(message) {
    if (!status) return;
    status.textContent = message;
    status.hidden = message === '';
  }

  input.addEventListener('change', function () {
    var file = input.files && input.files[0];
    say('');
    if (!file) return;
    if (file.size > 20 * 1024 * 1024) {
      say(file.name + ' is larger than 20 MB. Split it, or import it with npx onrecord import FILE.');
      input.value = '';
      return;
    }
    var reader = new FileReader();
    reader.onload = function () {
      try {
        content.value = new TextDecoder('utf-8', { fatal: true }).decode(reader.result);
        filename.value = file.name;
      } catch (error) {
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
})();
