'use strict';
const fs = require('fs');
const async = require('async');
const cio = require('../lib/customerio');

const rows = JSON.parse(fs.readFileSync(process.argv[2] || 'legacy-users.json', 'utf8'));

function importLegacy() {
  rows.forEach(function (row) {
    cio.client.identify(row.id, { email: row.email, created_at: cio.seconds(row.joined) });
  });
}

function importTags(done) {
  // Five at a time keeps us far below the Track API's limit.
  async.eachLimit(rows, 5, function (row, cb) {
    cio.identify(row.id, { tags: row.tags.join(',') }).then(function () { cb(); }, cb);
  }, done);
}

if (process.argv[3] === 'tags') importTags(function (err) { process.exit(err ? 1 : 0); });
else importLegacy();
