import { FeedbackSettingsValidationError } from '../errors.js';
import { DEFAULT_FEEDBACK_SETTINGS, parseFeedbackSettings } from './settings.js';

describe('parseFeedbackSettings', () => {
  it('fills the fields not given from the defaults', () => {
    const s = parseFeedbackSettings({ enabled: true, weight: 0.5 });
    expect(s).toEqual({ ...DEFAULT_FEEDBACK_SETTINGS, enabled: true, weight: 0.5 });
    expect(parseFeedbackSettings(undefined)).toBe(DEFAULT_FEEDBACK_SETTINGS);
  });

  it('names every bad field, with its prefix, and says what is allowed', () => {
    let err: unknown;
    try {
      parseFeedbackSettings({ enabled: 'yes', priorCtr: 1, topN: 2.5, neighbourThreshold: 2, colour: 'red' }, DEFAULT_FEEDBACK_SETTINGS, 'feedback');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(FeedbackSettingsValidationError);
    const issues = (err as FeedbackSettingsValidationError).issues;
    expect(issues.map((i) => i.field)).toEqual(['feedback.enabled', 'feedback.priorCtr', 'feedback.topN', 'feedback.neighbourThreshold', 'feedback.colour']);
    expect(issues[1]?.message).toContain('(0, 1)');
    expect(issues[2]?.message).toContain('an integer');
    expect(issues[4]?.message).toContain('priorStrength');
    expect((err as FeedbackSettingsValidationError).code).toBe('FEEDBACK_SETTINGS_INVALID');
  });

  it('rejects a value that is not an object', () => {
    expect(() => parseFeedbackSettings([1], DEFAULT_FEEDBACK_SETTINGS, 'feedback')).toThrow(/feedback: must be an object/);
    expect(() => parseFeedbackSettings(3)).toThrow(FeedbackSettingsValidationError);
  });
});
