/**
 * One line of the screen, as styled pieces of text. Colour only when the theme allows it
 * (never with NO_COLOR); bold, dim and inverse are not colours and stay, so that the cursor and
 * headings remain visible in a colourless terminal.
 */
import { Text } from "ink"
import { createContext, useContext } from "react"

export type Colour = "green" | "red" | "yellow" | "cyan" | "blue" | "magenta" | "gray"

export interface Piece {
  readonly text: string
  readonly color?: Colour | undefined
  readonly bold?: boolean | undefined
  readonly dim?: boolean | undefined
  readonly inverse?: boolean | undefined
}

export interface Theme {
  /** Use colours (false with NO_COLOR, or on a terminal that has none). */
  readonly color: boolean
}

export const ThemeContext = createContext<Theme>({ color: false })

export const useTheme = (): Theme => useContext(ThemeContext)

/** A piece of text, optionally styled. */
export const p = (text: string, style: Omit<Piece, "text"> = {}): Piece => ({ text, ...style })

/** The text of a line, without its styles (for tests of layout and widths). */
export const plain = (pieces: ReadonlyArray<Piece>): string => pieces.map((x) => x.text).join("")

export const Line = ({ pieces }: { readonly pieces: ReadonlyArray<Piece> | string }) => {
  const theme = useTheme()
  const list = typeof pieces === "string" ? [p(pieces)] : pieces
  // An empty line still takes its row.
  if (list.length === 0 || plain(list) === "") return <Text> </Text>
  return (
    <Text wrap="truncate-end">
      {list.map((x, i) => (
        <Text
          key={i}
          color={theme.color ? x.color : undefined}
          bold={x.bold === true}
          dimColor={x.dim === true}
          inverse={x.inverse === true}
        >
          {x.text}
        </Text>
      ))}
    </Text>
  )
}
