'use strict';
jest.mock('customerio-node', () => {
  const track = jest.fn().mockResolvedValue({});
  const identify = jest.fn().mockResolvedValue({});
  return { RegionUS: {}, TrackClient: jest.fn(() => ({ track, identify, trackAnonymous: jest.fn() })) };
});

const cio = require('../lib/customerio');

describe('customerio helpers', () => {
  it('identifies by email', async () => {
    await cio.identify({ email: 'a@example.com', first_name: 'A', created_at: '2024-01-01' });
    const { TrackClient } = require('customerio-node');
    expect(TrackClient.mock.results[0].value.identify).toHaveBeenCalled();
  });
});
