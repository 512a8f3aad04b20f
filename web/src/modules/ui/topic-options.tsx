import { useTranslation } from 'react-i18next';
import { TOPIC_KEYS } from '@mowakaba/shared/constants';

/** Every topic as the options of a select, in the interface's language. */
export function TopicOptions() {
  const { t } = useTranslation();
  return TOPIC_KEYS.map((topic) => (
    <option key={topic} value={topic}>
      {t(`topics.${topic}`)}
    </option>
  ));
}
