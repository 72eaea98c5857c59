// Browser journeys take longer than Jest's 5 s default (each hook too: launching Chromium).
jest.setTimeout(120_000);
