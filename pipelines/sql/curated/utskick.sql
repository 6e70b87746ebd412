-- How many were invited per utvärdering, kommun and role (empty without utskick.csv).
with utskick as (select * from staging.stg_utskick),
final as (
    select utvardering, kommunkod, roll, antal_inbjudna
    from utskick
    order by utvardering, kommunkod, roll
)
select * from final
