-- The question catalogue: one row per export header (data/raw/fragekatalog.csv).
with source as (select * from raw.fragekatalog),
final as (
    select kolumnrubrik, fraga_id, typ, grupp, kort_text,
           personuppgift = 'ja' as personuppgift,
           cast(syfte_nr as integer) as syfte_nr, aspekt,
           cast(delstrategi_nr as integer) as delstrategi_nr, riktning, _rad
    from source
)
select * from final
