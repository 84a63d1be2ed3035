/**
 * What a misconfigured deployment shows in a browser: organizers (console, emulator grid) see
 * which setting to fix, in Chinese then English; volunteers see only that the page is down and
 * whom to tell (settings mean nothing to them).
 */
import type { ConfigProblem } from "../config-problems.ts";
import { Layout } from "./volunteer-page.tsx";

export function ConfigProblemsPage(props: { problems: ConfigProblem[] }) {
  return (
    <Layout lang="zh" title="服务配置有误 · The service is misconfigured">
      <h1>服务配置有误</h1>
      <section>
        <p>管理员需要先改好下面的设置，系统才能工作：</p>
        <ul>
          {props.problems.map((p) => (
            <li>{p.zh}</li>
          ))}
        </ul>
      </section>
      <h2 lang="en">The service is misconfigured</h2>
      <section lang="en">
        <p>Its administrator must fix these settings first:</p>
        <ul>
          {props.problems.map((p) => (
            <li>{p.en}</li>
          ))}
        </ul>
      </section>
    </Layout>
  );
}

export function ConfigDownPage() {
  return (
    <Layout lang="zh" title="暂时打不开 · Not available right now">
      <h1>暂时打不开</h1>
      <section>
        <p>系统正在维护，请稍后再试，或告诉组织者。</p>
        <p lang="en">This page is not available right now. Try again later, or tell your organizer.</p>
      </section>
    </Layout>
  );
}
