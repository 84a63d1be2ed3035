/** Which account the sheet must be shared with (Google backend: one of the key pool's accounts). */
export function ShareWith(props: { lang: string; email: string | undefined }) {
  if (!props.email) return null;
  return (
    <p id="share-with" class="hint">
      {props.lang === "en"
        ? `The sheet is shared with ${props.email} (can edit).`
        : `表格需要共享给 ${props.email}（可以编辑）。`}
    </p>
  );
}

/**
 * Scheduled jobs the queue gave up on (publish, reminder, digest), above the console's buttons:
 * the organizer learns that tomorrow's plan was not published, and that publishing by hand
 * settles it. Hidden when there are none.
 */
const jobNames: Record<string, { zh: string; en: string }> = {
  publish: { zh: "晚上发布分工", en: "the evening publish" },
  chase: { zh: "早上提醒未回复的人", en: "the morning reminder" },
  digest: { zh: "上午的日报", en: "the morning digest" },
  wrap_up: { zh: "傍晚的收工小结", en: "the end-of-day wrap-up" },
};

export function DeadJobs(props: {
  lang: string;
  jobs: ReadonlyArray<{ job: string; date: string; attempts: number; at: string }>;
}) {
  if (props.jobs.length === 0) return null;
  const en = props.lang === "en";
  return (
    <section id="dead-jobs" class="flash fail" role="alert">
      <h2>{en ? "Automatic jobs that did not run" : "有自动任务没有完成"}</h2>
      <ul>
        {props.jobs.map((j) => {
          const name = jobNames[j.job] ?? { zh: j.job, en: j.job };
          return (
            <li>
              {en
                ? `${j.date}: ${name.en} failed ${j.attempts} times (last at ${j.at}).`
                : `${j.date}：${name.zh}试了 ${j.attempts} 次都没成功（最后一次 ${j.at}）。`}
            </li>
          );
        })}
      </ul>
      <p class="hint">
        {en
          ? "Check the sheet (shared with ZoneCrew, not protected), then do it by hand below: publishing or sending the message now settles it."
          : "请先检查表格（已共享给本系统、没有设保护），再用下面的按钮手动完成：现在发布或发送，就算补上了。"}
      </p>
    </section>
  );
}
