import {
  Body,
  Button,
  Container,
  Head,
  Heading,
  Hr,
  Html,
  Img,
  Link,
  Preview,
  Section,
  Text,
} from "@react-email/components";
import { render } from "@react-email/render";
import { formatInteger } from "../format/numbers";

export interface ReportEmailProps {
  /** `logo`: the workspace logo's address (`cid:` of its inline part), drawn in the header; null for none. `locale`: how numbers and dates are written (the workspace's). */
  workspace: { name: string; brandColor: string; logo?: string | null; locale?: string };
  scheduleName: string;
  reportName: string;
  /** e.g. "Mar 30 – Apr 5, 2026 (America/New_York)" */
  period: string;
  kpis: { label: string; value: string; detail?: string }[];
  rowCount: number;
  /** Files attached to the e-mail. */
  attachments: string[];
  /** Signed links, when files are sent as links instead. */
  links: { label: string; url: string; expires: string }[];
  manageUrl: string;
  late: boolean;
  note?: string;
}

const font = "-apple-system, 'Segoe UI', Helvetica, Arial, sans-serif";

/** The scheduled report e-mail. Every value is text, so names with markup show as typed. */
export function ReportEmail(props: ReportEmailProps) {
  const color = /^#[0-9a-f]{6}$/i.test(props.workspace.brandColor) ? props.workspace.brandColor : "#2563eb";
  return (
    <Html lang="en">
      <Head />
      <Preview>{`${props.reportName}: ${props.kpis.map((k) => `${k.label} ${k.value}`).join(", ")}`}</Preview>
      <Body style={{ backgroundColor: "#f4f5f7", fontFamily: font, margin: 0, padding: "24px 0" }}>
        <Container style={{ backgroundColor: "#ffffff", borderRadius: 8, maxWidth: 600, overflow: "hidden" }}>
          <Section style={{ backgroundColor: color, padding: "16px 24px" }}>
            {props.workspace.logo ? (
              // The logo sits on a white tile so a dark logo stays visible on any brand colour.
              <Img
                src={props.workspace.logo}
                alt={props.workspace.name}
                height={32}
                style={{ backgroundColor: "#ffffff", borderRadius: 4, marginBottom: 8, padding: 4 }}
              />
            ) : null}
            <Text style={{ color: "#ffffff", fontSize: 14, fontWeight: 600, margin: 0 }}>{props.workspace.name}</Text>
          </Section>
          <Section style={{ padding: "8px 24px 0" }}>
            <Heading as="h1" style={{ fontSize: 22, margin: "16px 0 4px" }}>
              {props.reportName}
            </Heading>
            <Text style={{ color: "#4b5563", fontSize: 14, margin: "0 0 8px" }}>
              {props.period} · {formatInteger(props.rowCount, props.workspace.locale)}{" "}
              {props.rowCount === 1 ? "row" : "rows"}
            </Text>
            {props.late ? (
              <Text
                style={{
                  backgroundColor: "#fef3c7",
                  borderRadius: 4,
                  color: "#92400e",
                  fontSize: 13,
                  padding: "6px 10px",
                }}
              >
                This report was due earlier and is sent late, after Chartroom was unavailable.
              </Text>
            ) : null}
          </Section>
          <Section style={{ padding: "8px 24px" }}>
            <table width="100%" cellPadding={0} cellSpacing={0} role="presentation">
              <tbody>
                <tr>
                  {props.kpis.map((kpi) => (
                    <td
                      key={kpi.label}
                      style={{
                        border: "1px solid #e5e7eb",
                        borderRadius: 6,
                        padding: "10px 12px",
                        verticalAlign: "top",
                      }}
                    >
                      <div style={{ color: "#6b7280", fontSize: 12 }}>{kpi.label}</div>
                      <div style={{ color: "#111827", fontSize: 20, fontWeight: 700 }}>{kpi.value}</div>
                      {kpi.detail ? <div style={{ color: "#9ca3af", fontSize: 11 }}>{kpi.detail}</div> : null}
                    </td>
                  ))}
                </tr>
              </tbody>
            </table>
          </Section>
          <Section style={{ padding: "8px 24px" }}>
            {props.attachments.length > 0 ? (
              <Text style={{ fontSize: 14 }}>Attached: {props.attachments.join(", ")}</Text>
            ) : null}
            {props.links.map((link) => (
              <Text key={link.url} style={{ fontSize: 14, margin: "4px 0" }}>
                <Link href={link.url} style={{ color }}>
                  Download {link.label}
                </Link>{" "}
                <span style={{ color: "#6b7280", fontSize: 12 }}>(link valid until {link.expires})</span>
              </Text>
            ))}
            {props.note ? <Text style={{ color: "#4b5563", fontSize: 13 }}>{props.note}</Text> : null}
          </Section>
          <Section style={{ padding: "0 24px 20px" }}>
            <Hr style={{ borderColor: "#e5e7eb", margin: "8px 0" }} />
            <Text style={{ color: "#6b7280", fontSize: 12 }}>
              You receive this because you are a recipient of the schedule “{props.scheduleName}”.
            </Text>
            <Button
              href={props.manageUrl}
              style={{ backgroundColor: color, borderRadius: 6, color: "#ffffff", fontSize: 13, padding: "8px 14px" }}
            >
              Manage this schedule
            </Button>
          </Section>
        </Container>
      </Body>
    </Html>
  );
}

export interface NoticeEmailProps {
  workspace: { name: string; brandColor: string };
  title: string;
  lines: string[];
  actionLabel: string;
  actionUrl: string;
}

/** Short operational messages, such as "your schedule failed". */
export function NoticeEmail(props: NoticeEmailProps) {
  return (
    <Html lang="en">
      <Head />
      <Preview>{props.title}</Preview>
      <Body style={{ backgroundColor: "#f4f5f7", fontFamily: font, padding: "24px 0" }}>
        <Container style={{ backgroundColor: "#ffffff", borderRadius: 8, maxWidth: 600, padding: "16px 24px" }}>
          <Text style={{ color: "#6b7280", fontSize: 13 }}>{props.workspace.name}</Text>
          <Heading as="h1" style={{ fontSize: 20 }}>
            {props.title}
          </Heading>
          {props.lines.map((line, i) => (
            <Text key={i} style={{ fontSize: 14 }}>
              {line}
            </Text>
          ))}
          <Button
            href={props.actionUrl}
            style={{ backgroundColor: "#111827", borderRadius: 6, color: "#ffffff", fontSize: 13, padding: "8px 14px" }}
          >
            {props.actionLabel}
          </Button>
        </Container>
      </Body>
    </Html>
  );
}

export async function renderEmail(element: React.ReactElement): Promise<{ html: string; text: string }> {
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  return { html, text };
}
