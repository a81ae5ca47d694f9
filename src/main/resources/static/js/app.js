// htmx requests carry the CSRF token of the page.
document.addEventListener('htmx:configRequest', function (e) {
  var token = document.querySelector('meta[name="_csrf"]');
  var header = document.querySelector('meta[name="_csrf_header"]');
  if (token && header) { e.detail.headers[header.content] = token.content; }
});

// Filters left empty stay out of the URL, so that a pushed list URL reads like the filters chosen.
document.addEventListener('htmx:configRequest', function (e) {
  if (e.detail.verb !== 'get') { return; }
  var data = e.detail.formData;
  var kept = [];
  data.forEach(function (value, name) { if (value !== '') { kept.push([name, value]); } });
  Array.from(new Set(Array.from(data.keys()))).forEach(function (name) { data.delete(name); });
  kept.forEach(function (entry) { data.append(entry[0], entry[1]); });
});
